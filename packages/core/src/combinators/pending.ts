import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { FutureBase } from "../future-base.js"

class Never<T> extends FutureBase<T, never> {
  get label(): string {
    return "pending()"
  }
  protected step(): Poll<T> {
    return Pending
  }
  protected onCancel(): void {}
}

/**
 * A future that never completes. It registers nothing, so it keeps nothing alive.
 * @remarks Cancel safety: nothing to release. Useful as the "never" side of a `select`,
 * or to test that a combinator cancels what it abandons.
 * @example
 * ```ts
 * select(pending(), sleep(10))   // always { index: 1 } after 10 ms; pending() is cancelled
 * ```
 */
export const pending = <T = never>(): Pollable<T, never> => new Never<T>()
