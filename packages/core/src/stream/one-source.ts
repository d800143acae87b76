import type { Stream } from "../contracts/stream.js"
import type { Waker } from "../contracts/waker.js"
import { Alarm } from "./internal.js"
import { StreamBase } from "./stream-base.js"
import { cancelQuietly } from "../fault/teardown.js"

/**
 * Base of the operators that pull from one source they own (`map`, `filter`, `take`, …):
 * the source goes with them — cancelled when they are cancelled or finish (a `Done`, a throw
 * of theirs or of the source; cancelling an ended source does nothing) — and a cancelled
 * `next()`'s `dropWaker` is forwarded to it, since they poll it with the caller's context.
 * Subclasses that hold more (a timer, a stop future) override and call `super`.
 */
export abstract class OneSource<S, T, E> extends StreamBase<T, E> {
  constructor(readonly source: Stream<S, E>) {
    super()
  }
  protected override onFinish(): void {
    cancelQuietly(this.source)
  }
  protected override onDropWaker(waker: Waker): void {
    this.source.dropWaker?.(waker)
  }
  protected onCancel(): void {
    cancelQuietly(this.source)
  }
}

/**
 * A {@link OneSource} that also arms a timer (`throttle`, `debounce`): the timer goes with
 * the stream's end and cancel, and with a cancelled `next()` it was armed for.
 * @internal
 */
export abstract class TimedOneSource<T, E> extends OneSource<T, T, E> {
  protected readonly alarm: Alarm = new Alarm()
  protected override onDropWaker(waker: Waker): void {
    this.alarm.drop(waker)
    super.onDropWaker(waker)
  }
  protected override onFinish(): void {
    this.alarm.clear()
    super.onFinish()
  }
  protected override onCancel(): void {
    this.alarm.clear()
    super.onCancel()
  }
}
