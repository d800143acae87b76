import type { Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import { FutureBase } from "../future-base.js"

/** The value of the idle `Ready`. */
const idleValue = {}

/** @internal */
class Ready<T> extends FutureBase<T, never> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Ready<unknown> | null | undefined
  constructor(readonly value: T) {
    super()
    // an object value: the field then holds any kind of value without a new map (see "Idle instances")
    if (Ready.#idle === undefined) {
      Ready.#idle = null
      Ready.#idle = new Ready<unknown>(idleValue)
    }
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
