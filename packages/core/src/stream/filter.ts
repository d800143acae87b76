import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction, checkStream } from "../internal/check.js"
import { ITEM_BUDGET } from "./internal.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class Filter<T, E> extends OneSource<T, T, E> {
  constructor(
    source: Stream<T, E>,
    readonly pred: (item: T) => boolean,
  ) {
    super(source)
  }
  get label(): string {
    return `filter(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const r = this.source.pollNext(cx)
      if (r === Pending || r === Done) return r
      if (this.pred(r as T)) return r
    }
    cx.waker.wake()
    return Pending
  }
}

/**
 * Keep the items for which `pred` returns true. Skipping many ready items yields to the
 * executor every 128 items (rule 5).
 * @throws InvalidArgument when `pred` is not a function.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export function filter<T, S extends T, E>(source: Stream<T, E>, pred: (item: T) => item is S): StreamBase<S, E>
export function filter<T, E>(source: Stream<T, E>, pred: (item: T) => boolean): StreamBase<T, E>
export function filter<T, E>(source: Stream<T, E>, pred: (item: T) => boolean): StreamBase<T, E> {
  checkStream("stream.filter(source, pred)", source)
  checkFunction("stream.filter(source, pred)", pred)
  return new Filter(source, pred)
}
