import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { TimeoutError } from "../errors.js"
import { checkDuration, checkFuture } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { labelOf } from "../internal/label.js"
import { Deadline } from "./sleep.js"
import { cancelQuietly, cancelWith } from "../fault/teardown.js"
import type { WaitDescription } from "../introspect/describe-wait.js"

/** @internal `timeout` and `timeoutAt`: a future raced against a {@link Deadline}. */
export class Timeout<T, E> extends FutureBase<T, E | TimeoutError> {
  readonly #d: Deadline
  readonly #label: string
  constructor(
    readonly inner: Future<T, E>,
    d: Deadline,
    label: string,
  ) {
    super()
    this.#d = d
    this.#label = label
  }
  get label(): string {
    return this.#label
  }
  /** The inner future and the deadline (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return [this.inner, this.#d.describe(this.#label)]
  }
  protected step(cx: Context): Poll<T> {
    // the clock is read before `inner` is polled: when the deadline had passed, this poll is
    // the inner future's last, so a value ready by the deadline wins over TimeoutError
    const late = this.#d.passed()
    let r: Poll<T>
    try {
      r = this.inner.poll(cx)
    } catch (e) {
      this.#d.clear()
      throw e
    }
    if (r !== Pending) {
      this.#d.clear()
      return r
    }
    if (late) {
      // rule 8: TimeoutError is the outcome even when the inner future's teardown throws
      // the time it had: `ms` for timeout, from its first poll to the deadline for timeoutAt
      const d = this.#d
      const ms = Number.isNaN(d.ms) ? Math.max(0, d.at - d.start) : d.ms
      throw cancelWith(this.inner, new TimeoutError(ms, labelOf(this.inner)))
    }
    let reached: boolean
    try {
      reached = this.#d.reached(cx, this.label)
    } catch (e) {
      // e.g. MissingCapability: do not leave the inner future running
      throw cancelWith(this.inner, e)
    }
    // the deadline passed while `inner` was being polled: give it one more poll, after the deadline
    if (reached) cx.waker.wake()
    return Pending
  }
  protected onCancel(): void {
    this.#d.clear()
    cancelQuietly(this.inner)
  }
}

/**
 * Fail with `TimeoutError` if `future` has not finished `ms` milliseconds after the first
 * poll; `future` is then cancelled. The inner future gets one last poll at the deadline,
 * so a value that is ready exactly at the deadline wins.
 * @throws InvalidArgument for a negative, NaN or infinite `ms`, or when `future` is not a future.
 * @throws MissingCapability at poll when the executor supplies no timer (`future` is cancelled).
 * @remarks Cancel safety: cancels `future` and removes the timer entry. At the deadline
 * the outcome is `TimeoutError` even when `future`'s teardown throws: that error is
 * attached to the `TimeoutError` as `suppressed`.
 * @example
 * ```ts
 * const page = timeout(fetchPage(1), 5_000)   // Future<string, FetchError | TimeoutError>
 * ```
 */
export const timeout = <T, E>(future: Future<T, E>, ms: number): Pollable<T, E | TimeoutError> => {
  checkFuture("timeout(future, ms)", future)
  return new Timeout(future, new Deadline(checkDuration("timeout(future, ms)", ms)), `timeout(${ms})`)
}
