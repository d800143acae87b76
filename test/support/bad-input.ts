import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { PollableError, join, ready, sleep, type Future } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

/**
 * A property over a public API: for each function or constructor, one argument at a time
 * is replaced by a value of the wrong kind (the others stay valid). The call must throw a
 * named pollable error at once (instanceof PollableError — never a raw TypeError or
 * RangeError), or, where a catalogue entry documents that a value is accepted, return
 * something that settles in a bounded number of polls. After each case, work on the same
 * executor still runs and leaves no timer behind.
 */

/** What an argument position accepts; decides which generated values are wrong for it. */
type Slot =
  | "future"
  | "function"
  | "generatorFunction"
  | "duration"
  | "duration?"
  | "finite"
  | "objectArg"
  | "bytes"
  | "time?"
  | "period"
  | "count0"
  | "count1"
  | "count1?"
  | "anyIterable"
  | "signal"
  | "signal?"
  | "options?"
  | "fd"
  | "object"
  | "object?"
  | "observableInput"
  | "streamOrFactory"
  | "stream"
  | "iterable"
  | "iterable+"
  | "executor?"
  | "timer?"
  | "string?"
  | "text"
  | "any"

/** The wrong-argument pool: fresh objects per call, so no case sees another's leftovers. */
const badValues = (): unknown[] => [
  undefined,
  null,
  Number.NaN,
  -1,
  0,
  0.5,
  2 ** 53,
  Infinity,
  -Infinity,
  "",
  "x",
  {},
  [],
  Promise.resolve(1),
  () => 1,
  Symbol("s"),
  true,
  { poll() {} }, // half a future: no cancel
  new Map(),
]

const isObjectLike = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v)
const isWholeAtLeast = (v: unknown, min: number): boolean =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= min

/** True when `v` is a value a slot of this kind accepts (so it is not used as a wrong one). */
function accepted(slot: Slot, v: unknown): boolean {
  switch (slot) {
    case "any":
      return true
    case "function":
      return typeof v === "function"
    case "duration":
      return typeof v === "number" && v >= 0 && v !== Infinity
    case "duration?":
      return v === undefined || (typeof v === "number" && v >= 0 && v !== Infinity)
    case "finite":
      return typeof v === "number" && Number.isFinite(v)
    case "bytes":
      return ArrayBuffer.isView(v) || v instanceof ArrayBuffer
    case "objectArg":
      return isObjectLike(v)
    case "time?":
      return v === undefined || (typeof v === "number" && Number.isFinite(v))
    case "period":
      return typeof v === "number" && v > 0 && v !== Infinity
    case "count0":
      return isWholeAtLeast(v, 0)
    case "count1":
      return isWholeAtLeast(v, 1)
    case "count1?":
      return v === undefined || isWholeAtLeast(v, 1)
    case "anyIterable":
      return (
        typeof v === "string" ||
        (typeof v === "object" && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === "function")
      )
    case "signal?":
    case "executor?":
    case "timer?":
      return v === undefined
    case "options?":
      return v === undefined || isObjectLike(v)
    case "streamOrFactory":
      return typeof v === "function"
    case "object?":
      return v === undefined
    case "observableInput":
      // RxJS's from(): anything iterable (strings too), array-like, a Promise, an Observable
      return (
        typeof v === "string" ||
        (typeof v === "object" &&
          v !== null &&
          (Symbol.iterator in v || typeof (v as PromiseLike<unknown>).then === "function"))
      )
    case "text":
      return typeof v === "string" && v !== ""
    case "string?":
      return v === undefined || typeof v === "string"
    case "iterable":
      // an empty iterable is documented: it joins to []
      return Array.isArray(v) ? v.length === 0 : v instanceof Map
    default:
      return false
  }
}

/** One public function or constructor under test. */
export interface Entry {
  readonly name: string
  /** What each argument position accepts. */
  readonly slots: readonly Slot[]
  /** Valid arguments (fresh per call). */
  readonly valid: () => unknown[]
  /** Call it (wrap constructors: `(...a) => new X(...a)`). */
  readonly call: (...args: any[]) => unknown
}

const isFuture = (x: unknown): x is Future<unknown, unknown> =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as Future<unknown>).poll === "function" &&
  typeof (x as Future<unknown>).cancel === "function"

/** The executor and clock shared by every case of one property run. */
interface Harness {
  readonly clock: VirtualClock
  readonly ex: ManualExecutor
}

const harness = (): Harness => {
  const clock = new VirtualClock()
  return { clock, ex: new ManualExecutor({ timer: clock }) }
}

/** Run `f` a bounded number of polls and virtual milliseconds, then cancel what is left. */
function driveBounded(h: Harness, f: Future<unknown, unknown>): void {
  const task = h.ex.spawn(f)
  h.ex.runUntilStalled(10_000)
  for (let i = 0; i < 5 && task.outcome === undefined; i++) h.clock.advance(10)
  if (task.outcome === undefined) task.cancel()
  h.ex.runUntilStalled(10_000)
  const o = task.outcome
  if (o?._tag === "Failure") expect(o.error).toBeInstanceOf(PollableError)
}

/** One case: entry `e` with argument `slot` replaced by `bad`. */
function checkCase(h: Harness, e: Entry, slot: number, bad: unknown): void {
  const args = e.valid()
  args[slot] = bad
  let result: unknown
  let thrown: unknown
  let threw = false
  try {
    result = e.call(...args)
  } catch (err) {
    threw = true
    thrown = err
  }
  const what = `${e.name} with argument #${slot} = ${show(bad)}`
  if (threw) {
    if (!(thrown instanceof PollableError)) {
      throw new Error(
        `${what} threw ${(thrown as Error)?.name ?? typeof thrown}: ${(thrown as Error)?.message ?? String(thrown)}`,
      )
    }
    expect((thrown as Error).message.length).toBeGreaterThan(20)
  } else {
    throw new Error(`${what} was accepted (returned ${show(result)}); it should throw a named error`)
  }
  // later work on the same executor is unaffected, and nothing was left on its clock
  expect(h.ex.blockOn(join(sleep(1), ready(slot)))).toEqual([undefined, slot])
  expect(h.clock.pendingTimers).toBe(0)
}

/** Check every valid call once (they must not throw), driving returned futures a bounded time. */
function checkValid(h: Harness, entries: readonly Entry[]): void {
  for (const e of entries) {
    let r: unknown
    try {
      r = e.call(...e.valid())
    } catch (err) {
      throw new Error(`${e.name} threw for its valid arguments: ${String(err)}`)
    }
    if (isFuture(r)) driveBounded(h, r)
  }
}

function show(v: unknown): string {
  try {
    if (typeof v === "symbol") return v.toString()
    if (typeof v === "function") return "a function"
    if (Array.isArray(v)) return "[]"
    if (v instanceof Promise) return "a Promise"
    if (v instanceof Map) return "a Map"
    if (typeof v === "object" && v !== null) return JSON.stringify(v) ?? "an object"
    return String(v)
  } catch {
    return "an object"
  }
}

/**
 * The arbitrary of (entry, argument position, wrong value) over a catalogue: wrong values
 * come from {@link badValues} and from fast-check's numbers, strings and objects, keeping
 * only those the position does not accept.
 */
function caseArb(entries: readonly Entry[]): fc.Arbitrary<{ e: Entry; slot: number; bad: unknown }> {
  const positions = entries.flatMap((e) => e.slots.map((s, slot) => ({ e, slot, s }))).filter((p) => p.s !== "any")
  const n = badValues().length
  // pool picks are indices, turned into fresh values per case
  const value: fc.Arbitrary<{ pool: number } | { v: unknown }> = fc.oneof(
    { weight: 4, arbitrary: fc.nat(n - 1).map((pool) => ({ pool })) },
    { weight: 1, arbitrary: fc.double().map((v) => ({ v })) },
    { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((v) => ({ v })) },
    { weight: 1, arbitrary: fc.string().map((v) => ({ v })) },
    { weight: 1, arbitrary: fc.object({ maxDepth: 1 }).map((v) => ({ v })) },
  )
  const materialise = (x: { pool: number } | { v: unknown }): unknown => ("pool" in x ? badValues()[x.pool] : x.v)
  return fc
    .tuple(fc.constantFrom(...positions), value)
    .filter(([p, x]) => !accepted(p.s, materialise(x)))
    .map(([p, x]) => ({ e: p.e, slot: p.slot, bad: materialise(x) }))
}

/** Every (entry, position, value) triple of a catalogue, for an exhaustive sweep. */
function allCases(entries: readonly Entry[]): { e: Entry; slot: number; bad: () => unknown }[] {
  const out: { e: Entry; slot: number; bad: () => unknown }[] = []
  const pool = badValues()
  for (const e of entries) {
    e.slots.forEach((s, slot) => {
      pool.forEach((v, i) => {
        if (!accepted(s, v)) out.push({ e, slot, bad: () => badValues()[i] })
      })
    })
  }
  return out
}

/**
 * The property suite for one package's catalogue: the valid calls run (bounded); fast-check
 * replaces one argument at a time with a wrong one; and every (function, position, value)
 * of the fixed pool is swept once.
 */
export function badInputProperty(pkg: string, entries: readonly Entry[], numRuns = 300): void {
  describe(`property: every wrong argument to ${pkg}'s public API is refused with a named error`, () => {
    it("the catalogue's valid calls run (bounded) without throwing", () => {
      checkValid(harness(), entries)
    })

    it("fast-check: one wrong argument at a time, later work on the executor unaffected", () => {
      const h = harness()
      // a fixed seed keeps `npm test` reproducible; set POLLABLE_FC_SEED to explore other draws
      const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      const seed = env?.POLLABLE_FC_SEED === undefined ? 20261207 : Number(env.POLLABLE_FC_SEED)
      fc.assert(
        fc.property(caseArb(entries), ({ e, slot, bad }) => checkCase(h, e, slot, bad)),
        { numRuns, seed },
      )
    })

    it("every (function, position, wrong value) of the fixed pool", () => {
      const h = harness()
      const failures: string[] = []
      for (const c of allCases(entries)) {
        try {
          checkCase(h, c.e, c.slot, c.bad())
        } catch (err) {
          failures.push((err as Error).message.split("\n")[0]!)
        }
      }
      if (failures.length > 0)
        throw new Error(`${failures.length} wrong arguments not refused:\n${failures.join("\n")}`)
    })
  })
}
