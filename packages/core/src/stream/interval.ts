import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { Alarm, checkPeriod } from "./internal.js"
import { StreamBase } from "./stream-base.js"

class Interval extends StreamBase<number, never> {
  readonly #alarm = new Alarm()
  #next = Number.NaN
  #ticks = 0
  constructor(readonly ms: number) {
    super()
  }
  get label(): string {
    return `interval(${this.ms})`
  }
  protected step(cx: Context): Poll<number> {
    const timer = this.#alarm.timer(cx, this.label)
    const now = timer.now()
    if (Number.isNaN(this.#next)) this.#next = now + this.ms
    if (now >= this.#next) {
      // Missed periods are skipped: the next tick stays on the grid, after `now`.
      const missed = Math.floor((now - this.#next) / this.ms)
      this.#next += (missed + 1) * this.ms
      this.#alarm.clear()
      return this.#ticks++
    }
    this.#alarm.arm(cx, this.#next)
    return Pending
  }
  protected override onDropWaker(waker: Waker): void {
    this.#alarm.drop(waker)
  }
  protected onCancel(): void {
    this.#alarm.clear()
  }
}

/**
 * An endless stream of ticks `0, 1, 2, …`, one every `ms` milliseconds on the executor's
 * clock (`cx.timer`); the first tick comes `ms` after the first poll. Ticks stay on the
 * grid `start + k·ms`; when the consumer falls behind, missed ticks are skipped (not burst).
 * @throws InvalidArgument for a period that is not a finite number > 0 (at call time).
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling removes the timer entry. Cancelling a `next()` loses
 * no tick: a tick is produced only by the poll that returns it.
 */
export const interval = (ms: number): StreamBase<number, never> => new Interval(checkPeriod("stream.interval(ms)", ms))
