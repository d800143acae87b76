import type { Future, Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { checkFuture } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { labelOf } from "../internal/label.js"

class Wrap<T, E> extends FutureBase<T, E> {
  constructor(readonly inner: Future<T, E>) {
    super()
  }
  get label(): string {
    const name = labelOf(this.inner)
    return name === "future" ? "wrap(future)" : name
  }
  protected step(cx: Context): Poll<T> {
    return this.inner.poll(cx)
  }
  protected onCancel(): void {
    this.inner.cancel()
  }
}

/**
 * Give a hand-written `{ poll, cancel }` future everything core's futures have:
 * `yield*` in `gen`, and rule 3 (`PollAfterReady`) enforced. Core futures pass through.
 * @remarks Cancel safety: forwards `cancel()` once to the wrapped future.
 * @example
 * ```ts
 * const flag = new Flag()                     // implements Future<void> by hand
 * gen(function* () { yield* wrap(flag) })
 * ```
 */
export const wrap = <T, E = unknown>(future: Future<T, E>): Pollable<T, E> => {
  if (future instanceof FutureBase) return future
  checkFuture("wrap(future)", future)
  return new Wrap(future)
}
