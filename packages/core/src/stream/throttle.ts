import { Pending, type Poll } from "../contracts/poll.js"
import { checkStream } from "../internal/check.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkPeriod } from "./internal.js"
import { TimedOneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class Throttle<T, E> extends TimedOneSource<T, E> {
  #earliest = Number.NEGATIVE_INFINITY
  constructor(
    source: Stream<T, E>,
    readonly ms: number,
  ) {
    super(source)
  }
  get label(): string {
    return `throttle(${String(this.source)}, ${this.ms})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const timer = this.alarm.timer(cx, this.label)
    const now = timer.now()
    if (now < this.#earliest) {
      this.alarm.arm(cx, this.#earliest)
      return Pending
    }
    this.alarm.clear()
    const r = this.source.pollNext(cx)
    if (r === Pending || r === Done) return r
    this.#earliest = now + this.ms
    return r
  }
}

/**
 * Rate-limit: at most one item per `ms` milliseconds on the executor's clock. Nothing is
 * dropped — during the pause `source` is not polled, so a channel behind it applies
 * backpressure (tokio-stream `throttle`; for "drop the extras" use {@link debounce}).
 * @throws InvalidArgument for a period that is not a finite number > 0.
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling cancels `source` and removes the timer entry.
 * Cancelling a `next()` loses no item.
 */
export const throttle = <T, E>(source: Stream<T, E>, ms: number): StreamBase<T, E> => {
  checkStream("stream.throttle(source, ms)", source)
  return new Throttle(source, checkPeriod("stream.throttle(source, ms)", ms))
}
