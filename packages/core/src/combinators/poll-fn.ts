import type { Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction } from "../internal/check.js"
import { FutureBase } from "../future-base.js"

class PollFn<T, E> extends FutureBase<T, E> {
  constructor(
    readonly fn: (cx: Context) => Poll<T>,
    readonly onCancelFn: (() => void) | undefined,
  ) {
    super()
  }
  get label(): string {
    return `pollFn(${this.fn.name || "anonymous"})`
  }
  protected step(cx: Context): Poll<T> {
    return this.fn(cx)
  }
  protected onCancel(): void {
    this.onCancelFn?.()
  }
}

/**
 * A future from a poll function. `fn` must follow rule 1 (register `cx.waker` before
 * returning `Pending`). The optional `onCancel` releases what `fn` registered.
 *
 * @remarks Cancel safety: calls `onCancel` once (not after completion); without it, whatever
 * `fn` registered stays registered — prefer {@link fromCallback} for callback sources.
 * A throw from `fn` is the future's failure. Rule 3 is enforced: `fn` is never called
 * again after it returned a value or threw.
 * @throws InvalidArgument when `fn`, or a given `onCancel`, is not a function.
 * @example
 * ```ts
 * let ready = false, waker: Waker | undefined
 * const f = pollFn<string>((cx) => (ready ? "go" : ((waker = cx.waker), Pending)), () => (waker = undefined))
 * // elsewhere: ready = true; waker?.wake()
 * ```
 */
export const pollFn = <T, E = never>(fn: (cx: Context) => Poll<T>, onCancel?: () => void): Pollable<T, E> => {
  checkFunction("pollFn(fn)", fn)
  if (onCancel !== undefined) checkFunction("pollFn(fn, onCancel)", onCancel)
  return new PollFn<T, E>(fn, onCancel)
}
