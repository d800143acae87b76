import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { ITEM_BUDGET } from "./internal.js"

class Fold<T, A, E> extends FutureBase<A, E> {
  #acc: A
  constructor(
    readonly source: Stream<T, E>,
    init: A,
    readonly f: (acc: A, item: T) => A,
  ) {
    super()
    this.#acc = init
  }
  get label(): string {
    return `fold(${String(this.source)})`
  }
  protected step(cx: Context): Poll<A> {
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const r = this.source.pollNext(cx)
      if (r === Pending) return Pending
      if (r === Done) return this.#acc
      this.#acc = this.f(this.#acc, r as T)
    }
    cx.waker.wake() // an always-ready source: give other tasks a turn (rule 5)
    return Pending
  }
  protected onCancel(): void {
    this.source.cancel()
  }
}

/**
 * A future of the accumulation of every item: `f(…f(f(init, a), b)…)` once `source` ended
 * (futures' `fold`, RxJS's `reduce` — also exported as `reduce`). A failure of `source` or of
 * `f` fails the future.
 * @throws InvalidArgument when `f` is not a function.
 * @remarks Cancel safety: cancelling cancels `source` (the accumulation is dropped).
 * @example
 * ```ts
 * const total = stream.fold(prices, 0, (sum, p) => sum + p)   // Future<number, E>
 * ```
 */
export function fold<T, A, E>(source: Stream<T, E>, init: A, f: (acc: A, item: T) => A): FutureBase<A, E> {
  checkFunction("stream.fold(source, init, f)", f)
  return new Fold(source, init, f)
}

/** {@link fold} under RxJS's name. @remarks Cancel safety: as {@link fold}. */
export function reduce<T, A, E>(source: Stream<T, E>, init: A, f: (acc: A, item: T) => A): FutureBase<A, E> {
  checkFunction("stream.reduce(source, init, f)", f)
  return new Fold(source, init, f)
}
