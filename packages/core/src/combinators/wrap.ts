import type { Future } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { checkFuture } from "../errors.js"
import { FutureBase } from "../future-base.js"

class Wrap<T, E> extends FutureBase<T, E> {
  constructor(readonly inner: Future<T, E>) {
    super()
  }
  get label(): string {
    return String(this.inner.constructor?.name ?? "future")
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
export const wrap = <T, E = unknown>(future: Future<T, E>): FutureBase<T, E> => {
  if (future instanceof FutureBase) return future
  checkFuture("wrap(future)", future)
  return new Wrap(future)
}
