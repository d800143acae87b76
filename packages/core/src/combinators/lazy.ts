import type { Future, Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { FutureBase } from "../future-base.js"

class Lazy<T> extends FutureBase<T, unknown> {
  constructor(readonly fn: () => T) {
    super()
  }
  get label(): string {
    return `lazy(${this.fn.name || "anonymous"})`
  }
  protected step(): Poll<T> {
    return this.fn()
  }
  protected onCancel(): void {}
}

/**
 * A future whose value is computed by `fn` at the first poll (rule 7); a throw is its
 * failure (typed `unknown`).
 * @remarks Cancel safety: nothing to release; cancelled before its first poll, `fn` never runs.
 * @throws InvalidArgument when `fn` is not a function.
 * @example
 * ```ts
 * const config = lazy(() => JSON.parse(text))   // parsed when first polled, not now
 * ```
 */
export const lazy = <T>(fn: () => T): Pollable<T, unknown> => {
  checkFunction("lazy(fn)", fn)
  return new Lazy(fn)
}

class Suspend<T, E> extends FutureBase<T, E> {
  #make: (() => Future<T, E>) | undefined
  #inner: Future<T, E> | undefined
  constructor(make: () => Future<T, E>) {
    super()
    this.#make = make
  }
  get label(): string {
    return "suspend()"
  }
  protected step(cx: Context): Poll<T> {
    if (this.#inner === undefined) {
      const make = this.#make!
      this.#make = undefined
      const inner = make()
      if (typeof inner?.poll !== "function") {
        throw new InvalidArgument(
          "suspend(make)",
          `make returned ${inner === null ? "null" : typeof inner}, not a future`,
          "return a future from make (wrap a plain value in ready(value), or use lazy)",
        )
      }
      this.#inner = inner
    }
    return this.#inner.poll(cx)
  }
  protected onCancel(): void {
    this.#make = undefined
    this.#inner?.cancel()
  }
}

/**
 * Builds the future with `make` at the first poll, then polls it. Use it to make a
 * future-returning function lazy, or to get a fresh future per run.
 * @remarks Cancel safety: cancels the inner future if it was built; cancelled before its
 * first poll, `make` never runs.
 * @throws InvalidArgument when `make` is not a function (at call time) or returns something
 * that is not a future (at poll).
 * @example
 * ```ts
 * const retry = suspend(() => fetchPage(1))   // each run of `retry` builds a fresh request
 * ```
 */
export const suspend = <T, E>(make: () => Future<T, E>): Pollable<T, E> => {
  checkFunction("suspend(make)", make)
  return new Suspend(make)
}
