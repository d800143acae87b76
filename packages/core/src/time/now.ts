import type { Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { MissingCapability } from "../errors.js"
import { FutureBase } from "../future-base.js"

class Now extends FutureBase<number, never> {
  get label(): string {
    return "now()"
  }
  protected step(cx: Context): Poll<number> {
    const timer = cx.timer
    if (timer === undefined) throw new MissingCapability("timer", this.label)
    return timer.now()
  }
  protected onCancel(): void {}
}

/**
 * The executor's current time in milliseconds (`cx.timer.now()`), read at the first poll:
 * real time on NativeExecutor, virtual time under VirtualClock, RxJS's TestScheduler or
 * Effect's TestClock. Use it to compute deadlines for {@link sleepUntil}, {@link timeoutAt}
 * and `Sleep.reset` that the same clock will honour.
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: nothing to release. Ready at its first poll.
 * @example
 * ```ts
 * gen(function* () {
 *   const deadline = (yield* now()) + 5_000          // one budget for several steps
 *   const a = yield* timeoutAt(stepA(), deadline)
 *   return yield* timeoutAt(stepB(a), deadline)
 * })
 * ```
 */
export const now = (): FutureBase<number, never> => new Now()
