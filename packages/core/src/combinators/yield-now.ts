import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { FutureBase } from "../future-base.js"

class YieldNow extends FutureBase<void, never> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: YieldNow | null | undefined
  #yielded: boolean
  constructor() {
    super()
    this.#yielded = false
    if (YieldNow.#idle === undefined) {
      YieldNow.#idle = null
      YieldNow.#idle = new YieldNow()
    }
  }
  get label(): string {
    return "yieldNow()"
  }
  protected step(cx: Context): Poll<void> {
    if (this.#yielded) return undefined
    this.#yielded = true
    cx.waker.wake()
    return Pending
  }
  protected onCancel(): void {}
}

/**
 * Give other tasks a turn: pending once (with a self-wake), ready at the next poll. The
 * executor puts the task behind the others already queued (rule 5).
 * @remarks Cancel safety: nothing to release.
 * @example
 * ```ts
 * gen(function* () { for (const item of bigList) { work(item); yield* yieldNow() } })
 * ```
 */
export const yieldNow = (): Pollable<void, never> => new YieldNow()
