import type { Outcome } from "./contracts/executor.js"
import type { Future } from "./contracts/future.js"
import { Pending, type Poll } from "./contracts/poll.js"
import type { Context } from "./contracts/waker.js"
import { Interrupted, checkFuture } from "./errors.js"
import { FutureBase } from "./future-base.js"

/** Classify a thrown value: `Interrupted` is the interrupted outcome, anything else a failure. */
export const outcomeOf = <E>(error: unknown): Outcome<never, E> =>
  error instanceof Interrupted ? { _tag: "Interrupted" } : { _tag: "Failure", error: error as E }

class Settle<T, E> extends FutureBase<Outcome<T, E>, never> {
  constructor(readonly inner: Future<T, E>) {
    super()
  }
  get label(): string {
    return `settle(${String(this.inner)})`
  }
  protected step(cx: Context): Poll<Outcome<T, E>> {
    try {
      const r = this.inner.poll(cx)
      return r === Pending ? Pending : { _tag: "Success", value: r as T }
    } catch (e) {
      return outcomeOf<E>(e)
    }
  }
  protected onCancel(): void {
    this.inner.cancel()
  }
}

/** A future that never fails: it completes with the {@link Outcome} of `future`. */
export const settle = <T, E>(future: Future<T, E>): FutureBase<Outcome<T, E>, never> => {
  checkFuture("settle(future)", future)
  return new Settle(future)
}
