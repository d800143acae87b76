// R. Fan-out where every task really suspends once: N tasks, each yields to the scheduler
// one time (`await null` / `yield* yieldNow()`) and returns i + 1; the caller waits for all
// and sums. Unlike group B, no task finishes at its first poll. The pollable tasks are one
// function defined with `fn`, awaited from async code through `toPromise`.
import { fn, joinAll, map, yieldNow } from "@pollable/core"
import { NativeExecutor, toPromise } from "@pollable/adapter-native"
import { size, type BenchGroup } from "../lib.js"

export const N = size(1e4)
const idx = Array.from({ length: N }, (_, i) => i)
const sum = (xs: readonly number[]): number => {
  let s = 0
  for (const x of xs) s += x
  return s
}

async function asyncTask(i: number): Promise<number> {
  await null
  return i + 1
}

/** The library function, defined once. */
export const task = fn(function* task(i: number) {
  yield* yieldNow()
  return i + 1
})

const native = new NativeExecutor({ name: "bench-native" })
const onNative = { executor: native }

export const promiseAll = async (): Promise<number> => sum(await Promise.all(idx.map(asyncTask)))
export const joinAllTasks = (): Promise<number> => toPromise(map(joinAll(idx.map(task)), sum), onNative)
export const spawnJoinAll = (): Promise<number> => toPromise(map(joinAll(idx.map((i) => native.spawn(task(i)))), sum), onNative)

export const groups: BenchGroup[] = [
  {
    name: `R. fan-out, every task yields once: ${N} tasks`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "Promise.all(idx.map(asyncTask))", baseline: true, fn: promiseAll },
      { impl: "toPromise(joinAll(idx.map(task)))", fn: joinAllTasks },
      { impl: "toPromise(joinAll(idx.map(i => spawn(task(i)))))", fn: spawnJoinAll },
    ],
    goals: [
      { impl: "toPromise(joinAll(idx.map(task)))", maxRatio: 1.0 },
      { impl: "toPromise(joinAll(idx.map(i => spawn(task(i)))))", maxRatio: 1.0 },
    ],
  },
]
