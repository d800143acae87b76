import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkCount, checkFunction } from "../internal/check.js"
import { ITEM_BUDGET } from "./internal.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class Skip<T, E> extends OneSource<T, T, E> {
  #left: number
  constructor(
    source: Stream<T, E>,
    readonly n: number,
    readonly pred: ((item: T) => boolean) | undefined,
  ) {
    super(source)
    this.#left = n
  }
  get label(): string {
    return `${this.pred === undefined ? "skip" : "skipWhile"}(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    for (let k = 0; k < ITEM_BUDGET; k++) {
      const r = this.source.pollNext(cx)
      if (r === Pending || r === Done) return r
      if (this.#left === 0) return r
      if (this.pred === undefined) this.#left--
      else if (this.pred(r as T)) continue
      else {
        this.#left = 0
        return r
      }
    }
    cx.waker.wake() // many skipped items: give other tasks a turn (rule 5)
    return Pending
  }
}

/**
 * All items of `source` but the first `n` (RxJS's and futures' `skip`).
 * @throws InvalidArgument when `n` is not an integer >= 0.
 * @remarks Cancel safety: cancelling cancels `source`; a cancelled `next()` loses no item
 * (skipped items are counted as they are taken).
 */
export const skip = <T, E>(source: Stream<T, E>, n: number): StreamBase<T, E> =>
  new Skip(source, checkCount("stream.skip(source, n)", n, 0), undefined)

/**
 * Drop items while `pred` holds; from the first item for which it is false, pass everything.
 * @throws InvalidArgument when `pred` is not a function.
 * @remarks Cancel safety: as {@link skip}.
 */
export function skipWhile<T, E>(source: Stream<T, E>, pred: (item: T) => boolean): StreamBase<T, E> {
  checkFunction("stream.skipWhile(source, pred)", pred)
  return new Skip(source, 1, pred)
}
