import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { Alarm, checkPeriod } from "./internal.js"
import { StreamBase } from "./stream-base.js"

/**
 * What `interval` does when the consumer fell behind and ticks were missed (tokio's
 * `MissedTickBehavior`):
 * - `"skip"` (the default): one tick now, then back on the grid `start + k·ms` — the missed
 *   ticks are dropped;
 * - `"burst"`: every missed tick is delivered, back to back, until the stream caught up;
 * - `"delay"`: one tick now, and the next `ms` after it — the grid shifts.
 */
export type MissedTick = "skip" | "burst" | "delay"

/** Options of {@link interval}. */
export interface IntervalOptions {
  /** What to do with missed ticks; `"skip"` by default. */
  readonly missedTick?: MissedTick | undefined
}

class Interval extends StreamBase<number, never> {
  readonly #alarm = new Alarm()
  #next = Number.NaN
  #ticks = 0
  constructor(
    readonly ms: number,
    readonly missedTick: MissedTick,
  ) {
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
      if (this.missedTick === "burst") this.#next += this.ms
      else if (this.missedTick === "delay") this.#next = now + this.ms
      else this.#next += (Math.floor((now - this.#next) / this.ms) + 1) * this.ms
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

const policies: readonly string[] = ["skip", "burst", "delay"]

/**
 * An endless stream of ticks `0, 1, 2, …`, one every `ms` milliseconds on the executor's
 * clock (`cx.timer`); the first tick comes `ms` after the first poll. Ticks are on the grid
 * `start + k·ms`. When the consumer falls behind, `missedTick` decides: `"skip"` (default —
 * one late tick, then back on the grid, so a stalled consumer never gets a burst), `"burst"`
 * (deliver every missed tick at once, tokio's default) or `"delay"` (restart the period from
 * the late tick).
 * @throws InvalidArgument for a period that is not a finite number > 0, or an unknown
 * `missedTick` (at call time).
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling removes the timer entry. Cancelling a `next()` loses
 * no tick: a tick is produced only by the poll that returns it.
 * @example
 * ```ts
 * const ticks = stream.interval(1_000, { missedTick: "delay" })   // at least 1 s between ticks
 * ```
 */
export const interval = (ms: number, options?: IntervalOptions): StreamBase<number, never> => {
  checkPeriod("stream.interval(ms)", ms)
  const missedTick = options?.missedTick ?? "skip"
  if (!policies.includes(missedTick)) {
    throw new InvalidArgument(
      "stream.interval(ms, { missedTick })",
      `unknown policy ${JSON.stringify(missedTick)}`,
      'pass "skip", "burst" or "delay"',
    )
  }
  return new Interval(ms, missedTick)
}
