import type { Outcome } from "./contracts/executor.js"
import type { Future, Pollable } from "./contracts/future.js"
import { Pending, type Poll } from "./contracts/poll.js"
import type { Context } from "./contracts/waker.js"
import { Interrupted, InvalidArgument, MissingCapability, PollAfterReady } from "./errors.js"
import { checkFuture } from "./internal/check.js"
import { FutureBase } from "./future-base.js"
import { labelOf } from "./internal/label.js"

/** Classify a thrown value: `Interrupted` is the interrupted outcome, anything else a failure. */
export const outcomeOf = <E>(error: unknown): Outcome<never, E> =>
  error instanceof Interrupted ? { _tag: "Interrupted" } : { _tag: "Failure", error: error as E }

/**
 * Pollable's errors that report a bug in the calling code rather than a failure of the work:
 * `PollAfterReady`, `MissingCapability`, `InvalidArgument`. `toEffect` turns them into
 * defects; `catchError`, `catchTag`, `mapError` and `result` pass them through.
 */
export const isMisuse = (thrown: unknown): boolean =>
  thrown instanceof PollAfterReady || thrown instanceof MissingCapability || thrown instanceof InvalidArgument

/**
 * The property an error sets to `true` to say it carries a defect from another runtime (a
 * bug, not a failure of the work), so it is not part of any future's `E`: adapter-effect's
 * `EffectDefect` (an Effect that died) does. `catchError`, `catchTag`, `mapError` and
 * `result` pass such errors through.
 */
export const DefectMark: unique symbol = Symbol.for("pollable.defect")

/**
 * True when `thrown` is a failure of the work — what `catchError`, `catchTag`, `mapError` and
 * `result` handle: anything but `Interrupted` (the third outcome, rule 6), {@link isMisuse}
 * errors and errors marked with {@link DefectMark}.
 */
export const isFailure = (thrown: unknown): boolean =>
  !(thrown instanceof Interrupted) &&
  !isMisuse(thrown) &&
  !(
    typeof thrown === "object" &&
    thrown !== null &&
    (thrown as { readonly [DefectMark]?: unknown })[DefectMark] === true
  )

class Settle<T, E> extends FutureBase<Outcome<T, E>, never> {
  constructor(readonly inner: Future<T, E>) {
    super()
  }
  get label(): string {
    return `settle(${labelOf(this.inner)})`
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

/**
 * A future that never fails: it completes with the {@link Outcome} of `future` — success,
 * failure or interrupted (a thrown `Interrupted`). `result(future)` is the same without the
 * third case: there, interruption stays interruption.
 * @remarks Cancel safety: cancels `future`.
 */
export const settle = <T, E>(future: Future<T, E>): Pollable<Outcome<T, E>, never> => {
  checkFuture("settle(future)", future)
  return new Settle(future)
}
