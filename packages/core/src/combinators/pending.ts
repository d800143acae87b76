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
 * @remarks Cancel safety: nothing to release.
 */
export const pending = <T = never>(): FutureBase<T, never> => new Never<T>()
