import { Pending, type Poll } from "../contracts/poll.js"
import type { Done, Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { TimeoutError } from "../errors.js"
import { checkDuration } from "../internal/check.js"
import { TimedOneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class TimeoutEach<T, E> extends TimedOneSource<T, E | TimeoutError> {
  #deadline = Number.NaN
  constructor(
    source: Stream<T, E>,
    readonly ms: number,
  ) {
    super(source)
  }
  get label(): string {
    return `timeout(${String(this.source)}, ${this.ms})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const timer = this.alarm.timer(cx, this.label)
    if (Number.isNaN(this.#deadline)) this.#deadline = timer.now() + this.ms
    const r = this.source.pollNext(cx)
    if (r !== Pending) {
      this.#deadline = Number.NaN // the clock for the next item starts at its first poll
      this.alarm.clear()
      return r
    }
    if (timer.now() >= this.#deadline) {
      this.alarm.clear()
      throw new TimeoutError(this.ms, `the next item of ${String(this.source)}`)
    }
    this.alarm.arm(cx, this.#deadline)
    return Pending
  }
}

/**
 * Fail with `TimeoutError` when an item takes longer than `ms` to arrive, counted from the
 * first poll that waits for it (RxJS's `timeout({ each })`, tokio-stream's `timeout`); the
 * source is then cancelled. Runs on the executor's clock.
 * @throws InvalidArgument for a negative, NaN or infinite `ms` (at call time).
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling removes the timer and cancels `source`; a cancelled
 * `next()` removes the timer armed for it and loses no item (the item's clock keeps running).
 */
export const timeout = <T, E>(source: Stream<T, E>, ms: number): StreamBase<T, E | TimeoutError> =>
  new TimeoutEach(source, checkDuration("stream.timeout(source, ms)", ms))
