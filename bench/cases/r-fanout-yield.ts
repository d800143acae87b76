// R. Fan-out where every task really suspends once: N tasks, each yields to the scheduler
// one time (`await null` / `yield* yieldNow()`) and returns i + 1; the caller waits for all
// and sums. Unlike group B, no task finishes at its first poll. The pollable tasks are one
// function defined with `fn`, awaited from async code through `toPromise`.
import { fn, joinAll, map, yieldNow } from "@pollable/core"
import { NativeExecutor, toPromise } from "@pollable/adapter-native"
import { indices, size, sum, type BenchGroup } from "../lib.js"
import { minimalJoinAll, minimalSpawnEach } from "../minimal-runtime.js"

export const N = size(1e4)
const idx = indices(N)

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
export const spawnJoinAll = (): Promise<number> =>
  toPromise(map(joinAll(idx.map((i) => native.spawn(task(i)))), sum), onNative)

// floor: the same job with bare generators and a plain run queue, no pollable code — the
// least any generator-based version can cost on this engine
class YieldOnce {
  done = false
  value: unknown = undefined
  #n = 0
  next(v?: unknown): this {
    if (this.#n++ === 0) return this
    this.done = true
    this.value = v
    return this
  }
  [Symbol.iterator](): this {
    return this
  }
}
function* bareBody(i: number): Generator<unknown, number> {
  yield* new YieldOnce()
  return i + 1
}
export const bareTasks = (): Promise<number> =>
  new Promise((resolve) => {
    const q = idx.map((i) => bareBody(i))
    let s = 0
    let left = N
    queueMicrotask(() => {
      for (let k = 0; k < q.length; k++) {
        const it = q[k]!
        const r = it.next()
        if (r.done === true) {
          s += r.value
          if (--left === 0) resolve(s)
        } else q.push(it)
      }
    })
  })

export const groups: BenchGroup[] = [
  {
    name: `R. fan-out, every task yields once: ${N} tasks`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "Promise.all(idx.map(asyncTask))", baseline: true, fn: promiseAll },
      { impl: "toPromise(joinAll(idx.map(task)))", fn: joinAllTasks },
      { impl: "toPromise(joinAll(idx.map(i => spawn(task(i)))))", fn: spawnJoinAll },
      { impl: "floor: bare generators + a plain run queue", fn: bareTasks },
      {
        impl: "floor: a minimal rule-keeping poll runtime, joinAll",
        fn: async () => sum(await minimalJoinAll(idx)),
      },
      {
        impl: "floor: a minimal rule-keeping poll runtime, a task per child",
        fn: async () => sum(await minimalSpawnEach(idx)),
      },
    ],
    goals: [
      { impl: "toPromise(joinAll(idx.map(task)))", maxRatio: 1.0 },
      { impl: "toPromise(joinAll(idx.map(i => spawn(task(i)))))", maxRatio: 1.0 },
    ],
  },
]
