// G. The path users write with `gen`: a sub-call per step, written inline
// (`yield* gen(function* () { … })`, a new generator closure per call), defined once with
// `fn`, or hoisted as `gen(step, x)` — next to what a competent user writes with async
// functions, and next to the floor: bare generators with the same closures and no pollable
// code at all, so every gen ratio can be read against what the engine itself charges.
// Every sub-call awaits one ready value (`yield* ready(x)` / `await x`) and returns x + 1.
import { fn, gen, joinAll, map, ready, type Future } from "@pollable/core"
import { local, onLocal } from "../drivers.js"
import { indices, size, sum, type BenchGroup } from "../lib.js"

export const N = size(1e4)
const M = size(1e4)
const idx = indices(M)

// ---- async functions: the idiom -----------------------------------------------------

async function asyncStep(x: number): Promise<number> {
  const v = await x
  return v + 1
}

const awaitHoisted = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await asyncStep(acc)
  return acc
}

const awaitInline = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++)
    acc = await (async () => {
      const v = await acc
      return v + 1
    })()
  return acc
}

// ---- floor: bare generators, no pollable ----------------------------------------------

/** A ready value for `yield*`: one reusable iterator that is its own (finished) result. */
class BareReady {
  readonly done = true
  value = 0
  of(v: number): this {
    this.value = v
    return this
  }
  next(): this {
    return this
  }
  [Symbol.iterator](): this {
    return this
  }
}
const bare = new BareReady()

/** Drive a bare generator to its end with plain `next()` calls (no futures, no executor). */
const run = <T>(it: Generator<unknown, T>): T => {
  let r = it.next()
  while (r.done !== true) r = it.next()
  return r.value
}

const floorInline = (): number =>
  run(
    (function* () {
      let acc = 0
      for (let i = 0; i < N; i++)
        acc = yield* (function* () {
          const v = yield* bare.of(acc)
          return v + 1
        })()
      return acc
    })(),
  )

function* bareStep(x: number): Generator<unknown, number> {
  const v = yield* bare.of(x)
  return v + 1
}

const floorHoisted = (): number =>
  run(
    (function* () {
      let acc = 0
      for (let i = 0; i < N; i++) acc = yield* bareStep(acc)
      return acc
    })(),
  )

// ---- pollable ---------------------------------------------------------------------------

function* stepBody(x: number) {
  const v = yield* ready(x)
  return v + 1
}
/** The library function, defined once. */
export const step = fn(function* step(x: number) {
  const v = yield* ready(x)
  return v + 1
})

export const inlineSubCalls = (): Future<number, never> =>
  gen(function* () {
    let acc = 0
    for (let i = 0; i < N; i++)
      acc = yield* gen(function* () {
        const v = yield* ready(acc)
        return v + 1
      })
    return acc
  })

export const fnSubCalls = (): Future<number, never> =>
  gen(function* () {
    let acc = 0
    for (let i = 0; i < N; i++) acc = yield* step(acc)
    return acc
  })

export const genArgsSubCalls = (): Future<number, never> =>
  gen(function* () {
    let acc = 0
    for (let i = 0; i < N; i++) acc = yield* gen(stepBody, acc)
    return acc
  })

// ---- task bodies: M tasks, each its own body -----------------------------------------

const promiseAllInline = async (): Promise<number> =>
  sum(
    await Promise.all(
      idx.map((i) =>
        (async () => {
          const v = await i
          return v + 1
        })(),
      ),
    ),
  )

const promiseAllHoisted = async (): Promise<number> => sum(await Promise.all(idx.map(asyncStep)))

const floorTaskBodies = (): number => {
  let s = 0
  for (const i of idx)
    s += run(
      (function* () {
        const v = yield* bare.of(i)
        return v + 1
      })(),
    )
  return s
}

const inlineTasks = (): Future<number, unknown> =>
  map(
    joinAll(
      idx.map((i) =>
        local.spawn(
          gen(function* () {
            const v = yield* ready(i)
            return v + 1
          }),
        ),
      ),
    ),
    sum,
  )

const fnTasks = (): Future<number, unknown> => map(joinAll(idx.map((i) => local.spawn(step(i)))), sum)

export const groups: BenchGroup[] = [
  {
    name: `G1. nested sub-call, ${N} per job (each awaits one ready value)`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "await asyncStep(x)", baseline: true, fn: awaitHoisted },
      { impl: "await (async () => {…})()", fn: awaitInline },
      { impl: "floor: bare generators, inline closures via yield*", fn: floorInline },
      { impl: "floor: bare generators, hoisted function* via yield*", fn: floorHoisted },
      { impl: "pollable yield* gen(function* () {…}) inline", fn: () => onLocal(inlineSubCalls()) },
      { impl: "pollable yield* step(x), step = fn(…)", fn: () => onLocal(fnSubCalls()) },
      { impl: "pollable yield* gen(stepBody, x)", fn: () => onLocal(genArgsSubCalls()) },
    ],
    goals: [
      {
        impl: "pollable yield* gen(function* () {…}) inline",
        maxRatio: 1.2,
        versus: "floor: bare generators, inline closures via yield*",
      },
      { impl: "pollable yield* step(x), step = fn(…)", maxRatio: 1.2 },
    ],
  },
  {
    name: `G2. task bodies: ${M} tasks, each body its own closure or a defined function`,
    ops: M,
    sameResult: true,
    cases: [
      { impl: "Promise.all of async closures", baseline: true, fn: promiseAllInline },
      { impl: "Promise.all of asyncStep(i)", fn: promiseAllHoisted },
      { impl: "floor: bare generator closures, stepped to the end", fn: floorTaskBodies },
      { impl: "pollable spawn(gen(function* () {…})) + joinAll", fn: () => onLocal(inlineTasks()) },
      { impl: "pollable spawn(step(i)) + joinAll", fn: () => onLocal(fnTasks()) },
    ],
    goals: [
      {
        impl: "pollable spawn(gen(function* () {…})) + joinAll",
        maxRatio: 1.2,
        versus: "floor: bare generator closures, stepped to the end",
      },
      { impl: "pollable spawn(step(i)) + joinAll", maxRatio: 1.0, versus: "Promise.all of asyncStep(i)" },
    ],
  },
  {
    // Each round is a fresh process and runs these in order: does running inline closures
    // slow down the closure-free path for the rest of the process?
    name: `G3. spill-over: closure-free gen before and after inline closures ran (${N} sub-calls per job)`,
    ops: N,
    processPerRound: true,
    cases: [
      { impl: "yield* step(x), fresh process", baseline: true, fn: () => onLocal(fnSubCalls()) },
      { impl: "yield* gen(stepBody, x), fresh process", fn: () => onLocal(genArgsSubCalls()) },
      { impl: "inline gen(function* () {…}) sub-calls (run in between)", fn: () => onLocal(inlineSubCalls()) },
      { impl: "inline task bodies (run in between)", fn: () => onLocal(inlineTasks()) },
      { impl: "yield* step(x), after inline closures ran", fn: () => onLocal(fnSubCalls()) },
      { impl: "yield* gen(stepBody, x), after inline closures ran", fn: () => onLocal(genArgsSubCalls()) },
    ],
    goals: [
      { impl: "yield* step(x), after inline closures ran", maxRatio: 1.2, versus: "yield* step(x), fresh process" },
      {
        impl: "yield* gen(stepBody, x), after inline closures ran",
        maxRatio: 1.2,
        versus: "yield* gen(stepBody, x), fresh process",
      },
    ],
  },
]
