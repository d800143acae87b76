// B. Fan-out: start N small tasks and wait for all of them. A task computes i + 1 in its
// runtime's idiom for "a unit of async work": an async function call, a deferred
// Observable, Effect.sync, a pollable lazy future. Every case returns the sum of results.
import { Effect } from "effect"
import { joinAll, lazy, map, type Future } from "@pollable/core"
import { defer, forkJoin, of } from "rxjs"
import { local, manual, onLocal, onManual } from "../drivers.js"
import { indices, size, sum, type BenchGroup } from "../lib.js"

const N = size(1e4)
const idx = indices(N)

const asyncTask = async (i: number): Promise<number> => i + 1
const pollTask = (i: number): Future<number, never> => lazy(() => i + 1) as Future<number, never>

const promiseAll = async (): Promise<number> => sum(await Promise.all(idx.map(asyncTask)))

const rxForkJoin = (): Promise<number> =>
  new Promise((resolve, reject) => {
    forkJoin(idx.map((i) => defer(() => of(i + 1)))).subscribe({ next: (xs) => resolve(sum(xs)), error: reject })
  })

const effectAll = (): Promise<number> =>
  Effect.runPromise(
    Effect.map(
      Effect.all(
        idx.map((i) => Effect.sync(() => i + 1)),
        { concurrency: "unbounded" },
      ),
      sum,
    ),
  )

const pollJoinAll = (): Future<number, never> => map(joinAll(idx.map(pollTask)), sum)

/** Every task spawned on the executor itself, then all handles joined. */
const spawnJoin = (ex: typeof local): Future<number, unknown> =>
  map(joinAll(idx.map((i) => ex.spawn(pollTask(i)))), sum)

export const groups: BenchGroup[] = [
  {
    name: `B. fan-out ${N} tasks to completion`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "Promise.all", baseline: true, fn: promiseAll },
      { impl: "RxJS forkJoin", fn: rxForkJoin },
      { impl: "Effect.all unbounded", fn: effectAll },
      { impl: "pollable joinAll (local)", fn: () => onLocal(pollJoinAll()) },
      { impl: "pollable joinAll (manual)", fn: () => onManual(pollJoinAll()) },
      { impl: "pollable spawn+join (local)", fn: () => onLocal(spawnJoin(local)) },
      { impl: "pollable spawn+join (manual)", fn: () => onManual(spawnJoin(manual)) },
    ],
    goals: [
      { impl: "pollable joinAll (local)", maxRatio: 0.5 },
      { impl: "pollable joinAll (local)", maxRatio: 0.3, versus: "Effect.all unbounded" },
      { impl: "pollable spawn+join (local)", maxRatio: 0.5 },
      { impl: "pollable spawn+join (local)", maxRatio: 0.3, versus: "Effect.all unbounded" },
    ],
  },
]
