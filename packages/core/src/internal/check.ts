/**
 * Argument checks: each throws `InvalidArgument` naming the call, what was passed and what
 * to pass instead, so a wrong argument fails where it was passed, not at a later poll.
 * Core's combinators use them; adapters reach them through `@pollable/core/adapter`.
 */
import { InvalidArgument } from "../errors.js"

/**
 * What a caller passed, in words for an error message: `undefined`, `null`, `a Promise`,
 * `an array`, `a number (NaN)`, `a string ("5")`, `an object`, `a function`, `a symbol`.
 * Never throws, whatever it is given (a revoked Proxy, an object whose getters throw).
 */
export function describeArgument(x: unknown): string {
  try {
    if (x === null) return "null"
    switch (typeof x) {
      case "undefined":
        return "undefined"
      case "number":
      case "bigint":
        return `a ${typeof x} (${String(x)})`
      case "string":
        return `a string (${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)})`
      case "object":
        if (Array.isArray(x)) return "an array"
        if (typeof (x as PromiseLike<unknown>).then === "function") return "a Promise"
        return "an object"
      default:
        return `a ${typeof x}`
    }
  } catch {
    return "an object that cannot be inspected"
  }
}

/** A number as itself (`-1`, `NaN`), anything else as {@link describeArgument} words it; never throws. */
const shown = (x: unknown): string => (typeof x === "number" ? String(x) : describeArgument(x))

/**
 * Checks a duration argument: throws `InvalidArgument` for a negative, NaN, infinite or
 * non-number value. Returns `ms`.
 */
export function checkDuration(where: string, ms: number): number {
  if (typeof ms !== "number" || !(ms >= 0) || ms === Infinity) {
    throw new InvalidArgument(
      where,
      `expected a finite duration >= 0 in milliseconds, got ${shown(ms)}`,
      "pass 0 to yield once, or a positive number of milliseconds",
    )
  }
  return ms
}

/** Checks that `f` is a function: throws `InvalidArgument` otherwise. */
export function checkFunction(where: string, f: unknown): void {
  if (typeof f !== "function") {
    throw new InvalidArgument(where, `expected a function, got ${f === null ? "null" : typeof f}`, "pass a function")
  }
}

/**
 * Checks a count argument (a capacity, a number of permits, a batch size): an integer from
 * `min` to `max` (default `Number.MAX_SAFE_INTEGER`, beyond which integers are not exact).
 * Throws `InvalidArgument` otherwise; returns `n`.
 */
export function checkCount(where: string, n: number, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new InvalidArgument(
      where,
      `expected an integer >= ${min}, got ${shown(n)}`,
      `pass a whole number of at least ${min}`,
    )
  }
  if (n > max) {
    throw new InvalidArgument(
      where,
      `expected an integer from ${min} to ${max}, got ${shown(n)}`,
      `pass a whole number of at most ${max}`,
    )
  }
  return n
}

/** `%GeneratorFunction.prototype%`, looked up at first use: the prototype of every `function*` (bound ones too). */
let generatorFunctionProto: object | undefined

/**
 * Checks that `f` is a generator function (`function*`, a generator method, or one bound
 * with `bind`): throws `InvalidArgument` for anything else, naming arrow, plain, async and
 * async generator functions, which return no generator.
 * @internal
 */
export function checkGeneratorFunction(where: string, f: unknown): void {
  checkFunction(where, f)
  const proto: unknown = Object.getPrototypeOf(f)
  if (proto === (generatorFunctionProto ??= Object.getPrototypeOf(function* () {}) as object)) return
  const kind = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name
  const what =
    kind === "AsyncGeneratorFunction"
      ? "an async generator function"
      : kind === "AsyncFunction"
        ? "an async function"
        : "a function that is not a generator function"
  const name = (f as { name?: unknown }).name
  throw new InvalidArgument(
    where,
    `expected a generator function (function* () {…}), ` +
      `got ${what}${typeof name === "string" && name !== "" ? ` (${name})` : ""}`,
    "write the body as function* () { … yield* future … }; to wrap a Promise use fromPromise(() => promise)",
  )
}

/**
 * Checks that `x` is an object with each of `methods`: throws `InvalidArgument` saying
 * `expected <what> (<methods>), got …` and `fix` otherwise.
 */
export function checkMethods(where: string, x: unknown, what: string, methods: readonly string[], fix: string): void {
  if (
    (typeof x === "object" || typeof x === "function") &&
    x !== null &&
    methods.every((m) => typeof (x as Record<string, unknown>)[m] === "function")
  )
    return
  throw new InvalidArgument(
    where,
    `expected ${what} (${methods.map((m) => `${m}()`).join(", ")}), got ${describeArgument(x)}`,
    fix,
  )
}

/**
 * True when `x` is shaped like a Future (an object or function with `poll()` and `cancel()`
 * methods): for checks that word their own message, such as "make() returned …".
 */
export const isFutureLike = (x: unknown): x is { poll: unknown; cancel: unknown } =>
  (typeof x === "object" || typeof x === "function") &&
  x !== null &&
  typeof (x as { poll?: unknown }).poll === "function" &&
  typeof (x as { cancel?: unknown }).cancel === "function"

const FUTURE_FIX =
  "pass a future such as sleep(ms), ready(value) or gen(function* " +
  "() {…}); wrap a Promise with fromPromise(() => promise)"

/**
 * Checks that `x` is a Future (an object with `poll` and `cancel` methods): throws
 * `InvalidArgument` naming what was passed otherwise. Combinators, executors and adapters
 * call it at function entry, so a wrong argument fails where it was passed, not at a later poll.
 */
export function checkFuture(where: string, x: unknown): void {
  if (!isFutureLike(x)) {
    throw new InvalidArgument(
      where,
      `expected a Future (an object with poll() and cancel()), got ${describeArgument(x)}`,
      FUTURE_FIX,
    )
  }
}

/**
 * Checks the futures given to a combinator that owns them all (join, select and friends):
 * each is a Future, and none is given twice — a future has one owner that polls it, so the
 * same future in two positions would be polled twice per wake and never complete both.
 * `futures` is the combinator's own array (rest parameters or a copy of an iterable).
 */
export function checkFutures(
  where: string,
  futures: readonly unknown[],
  findRepeat: (futures: readonly unknown[]) => number = repeatBySet,
): void {
  const n = futures.length
  if (n <= 16 && fewFuturesAreFine(futures)) return
  for (let i = 0; i < n; i++) {
    if (!isFutureLike(futures[i])) {
      throw new InvalidArgument(
        where,
        `future #${i} (counting from 0) is ${describeArgument(futures[i])}, ` +
          `not a Future (an object with poll() and cancel())`,
        FUTURE_FIX,
      )
    }
  }
  if (n < 2) return
  if (n <= 16) {
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (futures[i] === futures[j]) duplicate(where, j, i)
    return
  }
  const again = findRepeat(futures)
  if (again >= 0) duplicate(where, futures.indexOf(futures[again]), again)
}

/**
 * What {@link checkFutures} accepts, for a short list (16 or fewer): only futures, none twice.
 * A combinator made per call asks this first and words an error only when it is false.
 * @internal
 */
export function fewFuturesAreFine(futures: readonly unknown[]): boolean {
  const n = futures.length
  for (let i = 0; i < n; i++) {
    const f = futures[i]
    if (!isFutureLike(f)) return false
    for (let j = 0; j < i; j++) if (futures[j] === f) return false
  }
  return true
}

/** The index of the first future that already appeared earlier in `futures`, or -1. */
function repeatBySet(futures: readonly unknown[]): number {
  const seen = new Set<unknown>()
  for (let i = 0; i < futures.length; i++) {
    const size = seen.size
    seen.add(futures[i])
    if (seen.size === size) return i
  }
  return -1
}

function duplicate(where: string, first: number, again: number): never {
  throw new InvalidArgument(
    where,
    `future #${again} is the same future as #${first}; ` +
      `a future has one owner, so it cannot be awaited twice in one call`,
    "pass each future once; to await one result in several places, make it shared(f) and pass separate clone()s",
  )
}

/**
 * Checks that `x` is iterable (an array, a Set, a generator…) and returns its items as a
 * new array. Throws `InvalidArgument` for anything else — a Promise or a plain object
 * would otherwise iterate as nothing.
 */
export function checkIterable(where: string, x: unknown, items = "futures"): unknown[] {
  if (
    x === null ||
    x === undefined ||
    typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function" ||
    typeof x === "string"
  ) {
    throw new InvalidArgument(
      where,
      `expected an iterable of ${items} (an array, a Set, a generator), got ${describeArgument(x)}`,
      `pass an array of ${items}`,
    )
  }
  return Array.from(x as Iterable<unknown>)
}

/**
 * Checks that `x` is a pollable Stream (an object with `pollNext` and `cancel` methods):
 * throws `InvalidArgument` naming what was passed otherwise.
 */
export function checkStream(where: string, x: unknown): void {
  checkMethods(
    where,
    x,
    "a pollable Stream",
    ["pollNext", "cancel"],
    "pass a Stream, e.g. stream.fromIterable([...]); wrap an async iterable with stream.fromAsyncIterable",
  )
}

/**
 * Checks that `x` is an `AbortSignal` (or `undefined` when `optional`): throws
 * `InvalidArgument` otherwise.
 */
export function checkSignal(where: string, x: unknown, optional = true): void {
  if (x === undefined && optional) return
  const s = x as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null
  if (
    typeof x !== "object" ||
    s === null ||
    typeof s.aborted !== "boolean" ||
    typeof s.addEventListener !== "function" ||
    typeof s.removeEventListener !== "function"
  ) {
    throw new InvalidArgument(
      where,
      `expected an AbortSignal, got ${describeArgument(x)}`,
      optional
        ? "pass controller.signal of an AbortController, or leave the option out"
        : "pass controller.signal of an AbortController",
    )
  }
}

/**
 * Checks that `x` is a pollable Executor (`spawn()` and a `timer` property), or `undefined`
 * when `optional`: throws `InvalidArgument` otherwise.
 */
export function checkExecutor(where: string, x: unknown, optional = false): void {
  if (x === undefined && optional) return
  const e = x as { spawn?: unknown } | null
  if (typeof x !== "object" || e === null || typeof e.spawn !== "function" || !("timer" in e)) {
    throw new InvalidArgument(
      where,
      `expected a pollable Executor (spawn() and timer), got ${describeArgument(x)}`,
      "pass an executor such as new NativeExecutor(), new RxjsExecutor() or new EffectExecutor()" +
        (optional ? ", or leave the option out" : ""),
    )
  }
}

/**
 * Checks a `timer` option: `undefined`, or a Timer (`now()` and `schedule()`). Throws
 * `InvalidArgument` otherwise.
 */
export function checkTimer(where: string, x: unknown): void {
  if (x === undefined) return
  checkMethods(
    where,
    x,
    "a Timer",
    ["now", "schedule"],
    "pass a TimerQueue, a VirtualClock or another executor's timer, or leave the option out",
  )
}

/**
 * Checks an options argument: `undefined` or an object (not an array, not a function).
 * Throws `InvalidArgument` otherwise; returns the options, `{}` for `undefined`.
 */
export function checkOptions<O extends object>(where: string, x: O | undefined): O {
  if (x === undefined) return {} as O
  if (typeof x !== "object" || x === null || Array.isArray(x)) {
    throw new InvalidArgument(
      where,
      `options must be an object, got ${describeArgument(x)}`,
      "pass an object of options, or leave the argument out",
    )
  }
  return x
}

/**
 * Checks one numeric option of an options object: `undefined` (the option left out) or a
 * whole number from `min` to `max`. Throws `InvalidArgument` saying
 * `<key> must be a whole number from <min> to <max>, got …` with `fix` (what the number
 * means) otherwise; returns the value.
 */
export function checkCountOption(
  where: string,
  key: string,
  v: unknown,
  min: number,
  max: number,
  fix: string,
): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new InvalidArgument(
      where,
      `${key} must be a whole number from ${min} to ${max}, got ${shown(v)}`,
      `pass ${key}: at least ${min} and at most ${max} (${fix}), or leave it out for the default`,
    )
  }
  return v
}
