import type { Context, Timer, TimerEntry } from "../contracts/waker.js"
import { InvalidArgument, MissingCapability } from "../errors.js"
import { describeArgument } from "../internal/check.js"

export { ITEM_BUDGET } from "../internal/item-budget.js"

/**
 * A re-armable timer registration for stream operators: registered with the latest waker
 * only (rule 1), cleared on cancel (rule 4).
 * @internal
 */
export class Alarm {
  #timer: Timer | undefined
  #entry: TimerEntry | undefined
  #deadline = Number.NaN
  #waker: Context["waker"] | undefined

  /** The executor's timer, or `MissingCapability` naming `who`. */
  timer(cx: Context, who: string): Timer {
    let t = this.#timer
    if (t === undefined) {
      t = cx.timer
      if (t === undefined) throw new MissingCapability("timer", who)
      this.#timer = t
    }
    return t
  }

  /** Make sure `cx.waker` is woken at `deadline` (re-registers only when something changed). */
  arm(cx: Context, deadline: number): void {
    if (this.#entry !== undefined && this.#deadline === deadline && this.#waker === cx.waker) return
    this.#entry?.cancel()
    this.#deadline = deadline
    this.#waker = cx.waker
    this.#entry = this.#timer!.schedule(deadline, cx.waker)
  }

  /** Clear the registration if it is for `waker` (a cancelled `next()`'s); the next `arm` re-registers. */
  drop(waker: Context["waker"]): void {
    if (this.#waker === waker) this.clear()
  }

  clear(): void {
    this.#entry?.cancel()
    this.#entry = undefined
    this.#waker = undefined
    this.#deadline = Number.NaN
  }
}

/** @internal Checks a positive period in milliseconds. */
export function checkPeriod(where: string, ms: number): number {
  if (typeof ms !== "number" || !(ms > 0) || ms === Infinity) {
    throw new InvalidArgument(
      where,
      `expected a finite period > 0 in milliseconds, got ${typeof ms === "number" ? String(ms) : describeArgument(ms)}`,
      "pass a positive number of milliseconds",
    )
  }
  return ms
}
