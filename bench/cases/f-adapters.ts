// F. Adapter overhead: the A, B and C jobs written once as pollable futures and consumed
// through each adapter (toPromise, toObservable, toEffect), against the same job in that
// runtime's own idiom. Goal: at most 1.5× the runtime's own idiom.
import { Effect } from "effect"
import { gen, join, joinAll, lazy, map, ready, type Future, type Pollable } from "@pollable/core"
import { toPromise } from "@pollable/adapter-native"
import { toObservable } from "@pollable/adapter-rxjs"
import { toEffect } from "@pollable/adapter-effect"
import { concatMap, defer, forkJoin, lastValueFrom, of, range } from "rxjs"
import { indices, size, sum, type BenchGroup } from "../lib.js"
import { N as C_ROUNDS, effectYieldNow, genNotify, handWritten, promisePingPong, rxAsap } from "./c-pingpong.js"

const N = size(1e5)
const M = size(1e4)
const idx = indices(M)

const pollStep = (x: number): Pollable<number, never> => ready(x + 1)
const genLoop = (): Future<number, never> =>
  gen(function* () {
    let acc = 0
    for (let i = 0; i < N; i++) acc = yield* pollStep(acc)
    return acc
  })
const fanOut = (): Future<number, never> =>
  map(joinAll(idx.map((i) => lazy(() => i + 1) as Future<number, never>)), sum)

const awaitLoop = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await Promise.resolve(acc + 1)
  return acc
}
const rxSteps = (): Promise<number> => {
  let acc = 0
  return lastValueFrom(range(0, N).pipe(concatMap(() => of((acc += 1)))))
}
const effectSteps = Effect.gen(function* () {
  let acc = 0
  for (let i = 0; i < N; i++) acc = yield* Effect.succeed(acc + 1)
  return acc
})

// C through an adapter: both sides of the ping-pong in one future (join), so the adapter
// drives the whole exchange — as a library would hand it to an application.
const pingPong = (make: () => [Future<number, never>, Future<unknown, never>]) => (): Future<number, never> => {
  const [ping, pong] = make()
  return map(join(ping, pong), ([n]) => n)
}
const genPingPong = pingPong(genNotify)
const handPingPong = pingPong(handWritten)

export const groups: BenchGroup[] = [
  {
    name: `F1. toPromise vs async/await: A steps (N = ${N})`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "await loop", baseline: true, fn: awaitLoop },
      { impl: "toPromise(gen)", fn: () => toPromise(genLoop()) },
    ],
    goals: [{ impl: "toPromise(gen)", maxRatio: 1.5 }],
  },
  {
    name: `F2. toObservable vs RxJS: A steps (N = ${N})`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "RxJS concatMap", baseline: true, fn: rxSteps },
      { impl: "toObservable(gen)", fn: () => lastValueFrom(toObservable(genLoop)) },
    ],
    goals: [{ impl: "toObservable(gen)", maxRatio: 1.5 }],
  },
  {
    name: `F3. toEffect vs Effect: A steps (N = ${N})`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "Effect.gen runPromise", baseline: true, fn: () => Effect.runPromise(effectSteps) },
      { impl: "toEffect(gen) runPromise", fn: () => Effect.runPromise(toEffect(genLoop)) },
    ],
    goals: [{ impl: "toEffect(gen) runPromise", maxRatio: 1.5 }],
  },
  {
    name: `F4. adapters vs each runtime: B fan-out (${M} tasks)`,
    ops: M,
    sameResult: true,
    cases: [
      { impl: "Promise.all", baseline: true, fn: async () => sum(await Promise.all(idx.map(async (i) => i + 1))) },
      { impl: "toPromise(joinAll)", fn: () => toPromise(fanOut()) },
      { impl: "RxJS forkJoin", fn: () => lastValueFrom(forkJoin(idx.map((i) => defer(() => of(i + 1))))).then(sum) },
      { impl: "toObservable(joinAll)", fn: () => lastValueFrom(toObservable(fanOut)) },
      {
        impl: "Effect.all unbounded",
        fn: () =>
          Effect.runPromise(
            Effect.map(
              Effect.all(
                idx.map((i) => Effect.sync(() => i + 1)),
                { concurrency: "unbounded" },
              ),
              sum,
            ),
          ),
      },
      { impl: "toEffect(joinAll)", fn: () => Effect.runPromise(toEffect(fanOut)) },
    ],
    goals: [
      { impl: "toPromise(joinAll)", maxRatio: 1.5 },
      { impl: "toObservable(joinAll)", maxRatio: 1.5, versus: "RxJS forkJoin" },
      { impl: "toEffect(joinAll)", maxRatio: 1.5, versus: "Effect.all unbounded" },
    ],
  },
  {
    name: `F5. adapters vs each runtime: C ping-pong (${C_ROUNDS} round trips)`,
    ops: C_ROUNDS,
    sameResult: true,
    cases: [
      { impl: "Promise ping-pong", baseline: true, fn: promisePingPong },
      { impl: "toPromise(gen + Notify)", fn: () => toPromise(genPingPong()) },
      { impl: "toPromise(hand-written)", fn: () => toPromise(handPingPong()) },
      { impl: "RxJS asap subjects", fn: rxAsap },
      { impl: "toObservable(gen + Notify)", fn: () => lastValueFrom(toObservable(genPingPong)) },
      { impl: "Effect.yieldNow fibers", fn: effectYieldNow },
      { impl: "toEffect(gen + Notify) runPromise", fn: () => Effect.runPromise(toEffect(genPingPong)) },
    ],
    goals: [
      { impl: "toPromise(gen + Notify)", maxRatio: 1.5 },
      { impl: "toPromise(hand-written)", maxRatio: 1.5 },
      { impl: "toObservable(gen + Notify)", maxRatio: 1.5, versus: "RxJS asap subjects" },
      { impl: "toEffect(gen + Notify) runPromise", maxRatio: 1.5, versus: "Effect.yieldNow fibers" },
    ],
  },
]
