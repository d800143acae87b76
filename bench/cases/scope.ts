// Structured concurrency: start N children that each suspend once (one host/executor turn)
// and compute i + 1, wait for all of them inside a scope that would cancel the rest on a
// failure, and sum the results. Each case sets up that cancellation the runtime's way:
// - Promise.all with an AbortController threaded through by hand (the baseline),
// - Effect: forkScoped children joined inside Effect.scoped, and Effect.all (whose
//   failure interrupts the rest),
// - pollable: scope() (children polled by the scope future itself) and a JoinSet.
import { Effect, Fiber } from "effect"
import { Done, gen, JoinSet, scope, yieldNow, type Future } from "@pollable/core"
import { onLocal, onManual } from "../drivers.js"
import { size, type BenchGroup } from "../lib.js"

const N = size(1e4)
const idx = Array.from({ length: N }, (_, i) => i)
const expected = (N * (N + 1)) / 2

// ---- Promise.all + AbortController by hand ------------------------------------------

const promiseChild = async (i: number, signal: AbortSignal): Promise<number> => {
  await Promise.resolve() // suspend once
  if (signal.aborted) throw signal.reason
  return i + 1
}

const promiseAllAbort = async (): Promise<number> => {
  const ac = new AbortController()
  try {
    const xs = await Promise.all(
      idx.map((i) =>
        promiseChild(i, ac.signal).catch((e: unknown) => {
          ac.abort(e) // first failure: tell the siblings to stop
          throw e
        }),
      ),
    )
    let s = 0
    for (const x of xs) s += x
    return s
  } finally {
    ac.abort() // nothing may outlive the operation
  }
}

// ---- Effect ------------------------------------------------------------------------

const effectChild = (i: number): Effect.Effect<number> => Effect.as(Effect.yieldNow, i + 1)

const effectForkScoped = (): Promise<number> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const fibers: Fiber.Fiber<number>[] = []
        for (const i of idx) fibers.push(yield* Effect.forkScoped(effectChild(i)))
        let s = 0
        for (const f of fibers) s += yield* Fiber.join(f)
        return s
      }),
    ),
  )

const effectAll = (): Promise<number> =>
  Effect.runPromise(
    Effect.map(Effect.all(idx.map(effectChild), { concurrency: "unbounded" }), (xs) => {
      let s = 0
      for (const x of xs) s += x
      return s
    }),
  )

// ---- pollable ----------------------------------------------------------------------

// defined once and given its argument, as promiseChild is: a generator closure made per
// child would pay V8's first-call cost of a new generator function (~1 µs) per child
function* child(i: number) {
  yield* yieldNow() // suspend once
  return i + 1
}
const pollChild = (i: number): Future<number, never> => gen(child, i)

const pollScope = (): Future<number, unknown> =>
  scope(function* children(s) {
    const hs = idx.map((i) => s.spawn(pollChild(i)))
    let sum = 0
    for (const h of hs) sum += yield* h
    return sum
  })

const pollJoinSet = (): Future<number, unknown> =>
  gen(function* () {
    const set = new JoinSet<number, never>()
    try {
      for (const i of idx) set.spawn(pollChild(i))
      let sum = 0
      for (let r; (r = yield* set.joinNext()) !== Done; ) sum += r
      return sum
    } finally {
      set.cancel()
    }
  })

const check = (v: number): number => {
  if (v !== expected) throw new Error(`scope bench: got ${v}, expected ${expected}`)
  return v
}

export const groups: BenchGroup[] = [
  {
    name: `S. ${N} children in one cancel-on-failure scope`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "Promise.all + AbortController", baseline: true, fn: async () => check(await promiseAllAbort()) },
      { impl: "Effect forkScoped + join", fn: async () => check(await effectForkScoped()) },
      { impl: "Effect.all unbounded", fn: async () => check(await effectAll()) },
      { impl: "pollable scope (local)", fn: async () => check(await onLocal(pollScope())) },
      { impl: "pollable scope (manual)", fn: () => check(onManual(pollScope())) },
      { impl: "pollable JoinSet (local)", fn: async () => check(await onLocal(pollJoinSet())) },
    ],
    // Promise.all does no per-child bookkeeping (the AbortController is one shared flag), so
    // the structured runtimes are compared with each other: pollable should not cost more
    // than Effect's forkScoped for the same guarantee.
    goals: [{ impl: "pollable scope (local)", maxRatio: 1, versus: "Effect forkScoped + join" }],
  },
]
