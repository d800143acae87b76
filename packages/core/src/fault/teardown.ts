import type { Waker } from "../contracts/waker.js"
import { labelOf } from "../internal/label.js"
import { reportFault } from "./report.js"

/**
 * Rule 8 for teardown and wakes: the helpers every combinator, channel and executor uses so
 * that a throwing `cancel()` or `wake()` never reaches its caller, never replaces an outcome
 * already decided and is never silent.
 */

/**
 * Where teardown faults go while a combinator is raising an error of its own (a `tryJoin`
 * failure, a `TimeoutError`): collected here, then attached to that error as `suppressed`.
 * `undefined` when nothing is collecting: faults are reported.
 */
const sink: { faults: unknown[] | undefined } = { faults: undefined }

/**
 * Attach `fault` to `error` as one more entry of its `suppressed` array (a non-enumerable
 * property, so logs and `toEqual` of the error are unchanged). Returns `error`.
 *
 * Use it where a teardown fails while an error is being raised anyway: the raised error
 * stays the outcome, and the teardown failure travels with it. When `error` cannot carry the
 * property (a primitive, a frozen object), the fault is reported with {@link reportFault}
 * instead — it is never dropped.
 * @example
 * ```ts
 * try { resource.close() } catch (closeError) { throw addSuppressed(mainError, closeError) }
 * ```
 */
export function addSuppressed<E>(error: E, fault: unknown): E {
  if (typeof error === "object" && error !== null) {
    const own = Object.getOwnPropertyDescriptor(error, "suppressed")
    if (own !== undefined && Array.isArray(own.value)) {
      if (!Object.isFrozen(own.value)) {
        ;(own.value as unknown[]).push(fault)
        return error
      }
    } else if (own === undefined && Object.isExtensible(error)) {
      Object.defineProperty(error, "suppressed", {
        value: [fault],
        writable: true,
        configurable: true,
        enumerable: false,
      })
      return error
    }
  }
  reportFault(fault, "a teardown failed while an error was raised, and the error cannot carry it as `suppressed`")
  return error
}

/**
 * The `suppressed` array {@link addSuppressed} attached to `error` (teardown failures that
 * happened while it was raised), or an empty array.
 */
export function suppressedOf(error: unknown): readonly unknown[] {
  if (typeof error !== "object" || error === null) return []
  const s = (error as { suppressed?: unknown }).suppressed
  return Array.isArray(s) ? s : []
}

/** @internal A teardown threw: collect it for the error being raised, else report it. */
export function teardownFault(error: unknown, origin: string): void {
  const f = sink.faults
  if (f !== undefined) f.push(error)
  else reportFault(error, origin)
}

/**
 * Cancel `future` (or anything with a `cancel()`), never throwing: a throw from its teardown
 * goes to rule 8's place — attached as `suppressed` to the error a combinator is raising, or
 * else reported with {@link reportFault} (the executor's reporter while it polls or cancels
 * its tasks, else the process-wide one).
 *
 * Adapters and hand-written combinators use it wherever they abandon a future.
 * @param origin a short description of where, for the report (default: the future's label).
 */
export function cancelQuietly(future: { cancel(): void }, origin?: string): void {
  try {
    future.cancel()
  } catch (e) {
    teardownFault(e, origin ?? `cancelling ${labelOf(future)}`)
  }
}

/**
 * Cancel `future` while `error` is being raised: a throw from its teardown goes with `error`
 * as `suppressed`. Returns `error`, ready to throw. @internal
 */
export function cancelWith<E>(future: { cancel(): void }, error: E): E {
  const prev = beginCollect()
  try {
    cancelQuietly(future)
  } finally {
    endCollect(prev, error)
  }
  return error
}

/**
 * Wake `waker`, never throwing: a `wake()` that throws is reported ({@link reportFault}) and
 * the caller goes on waking the others. @internal
 */
export function wakeQuietly(waker: Waker | undefined, origin: string): void {
  if (waker === undefined) return
  try {
    waker.wake()
  } catch (e) {
    reportFault(e, `a waker threw (${origin})`)
  }
}

/**
 * Start collecting teardown faults for an error about to be raised; returns the previous
 * collector, to hand to {@link endCollect}. @internal
 */
export function beginCollect(): unknown[] | undefined {
  const prev = sink.faults
  sink.faults = []
  return prev
}

/**
 * Stop collecting and attach what was collected to `error` as `suppressed`. Returns `error`,
 * ready to throw. @internal
 */
export function endCollect<E>(prev: unknown[] | undefined, error: E): E {
  const mine = endCollectList(prev)
  for (let i = 0; i < mine.length; i++) addSuppressed(error, mine[i])
  return error
}

/** Stop collecting; returns what was collected (for a caller that keeps its own list). @internal */
export function endCollectList(prev: unknown[] | undefined): unknown[] {
  const mine = sink.faults!
  sink.faults = prev
  return mine
}

/** Route teardown errors a group returned (see {@link teardownFault}). @internal */
export function teardownFaults(errors: readonly unknown[], origin: string): void {
  for (let i = 0; i < errors.length; i++) teardownFault(errors[i], origin)
}
