import { Pending, type Poll } from "../contracts/poll.js"
import { checkStream } from "../internal/check.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { ITEM_BUDGET, checkPeriod } from "./internal.js"
import { TimedOneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

const NONE: unique symbol = Symbol("none")

class Debounce<T, E> extends TimedOneSource<T, E> {
  #latest: T | typeof NONE = NONE
  #due = Number.NaN
  #sourceDone = false
  constructor(
    source: Stream<T, E>,
    readonly ms: number,
  ) {
    super(source)
  }
  get label(): string {
    return `debounce(${String(this.source)}, ${this.ms})`
  }
  #emit(): T {
    const v = this.#latest as T
    this.#latest = NONE
    this.alarm.clear()
    return v
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const timer = this.alarm.timer(cx, this.label)
    let budget = ITEM_BUDGET
    while (!this.#sourceDone) {
      if (budget-- === 0) {
        cx.waker.wake()
        return Pending
      }
      const r = this.source.pollNext(cx)
      if (r === Pending) break
      if (r === Done) {
        this.#sourceDone = true
        break
      }
      this.#latest = r as T
      this.#due = timer.now() + this.ms
    }
    if (this.#latest !== NONE) {
      if (this.#sourceDone || timer.now() >= this.#due) return this.#emit()
      this.alarm.arm(cx, this.#due)
      return Pending
    }
    return this.#sourceDone ? Done : Pending
  }
  protected override onCancel(): void {
    this.#latest = NONE
    super.onCancel()
  }
}

/**
 * Emit an item only after `ms` milliseconds passed without a newer one (the newest wins;
 * the ones it replaced are dropped). When `source` ends, the pending item is emitted at
 * once. Runs on the executor's clock (`cx.timer`).
 * @throws InvalidArgument for a period that is not a finite number > 0.
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling cancels `source`, removes the timer entry and drops
 * the pending item. Cancelling a `next()` keeps the pending item for the next poll.
 */
export const debounce = <T, E>(source: Stream<T, E>, ms: number): StreamBase<T, E> => {
  checkStream("stream.debounce(source, ms)", source)
  return new Debounce(source, checkPeriod("stream.debounce(source, ms)", ms))
}
