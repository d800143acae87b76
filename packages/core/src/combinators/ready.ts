import type { Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import { FutureBase } from "../future-base.js"

/** @internal */
class Ready<T> extends FutureBase<T, never> {
  constructor(readonly value: T) {
    super()
  }
  get label(): string {
    return "ready()"
  }
  protected step(): Poll<T> {
    return this.value
  }
  protected onCancel(): void {}
}

/**
 * A future that completes with `value` at its first poll. It cannot fail (`E = never`).
 * @remarks Cancel safety: nothing to release.
 * @example
 * ```ts
 * const f = andThen(ready(2), (n) => ready(n * 21))   // 42
 * ```
 */
export const ready = <T = void>(value: T = undefined as T): Pollable<T, never> => new Ready(value)
