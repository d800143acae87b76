import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { checkFunction } from "../errors.js"
import { ITEM_BUDGET } from "./internal.js"
import { StreamBase } from "./stream-base.js"

class Filter<T, E> extends StreamBase<T, E> {
  constructor(
    readonly source: Stream<T, E>,
    readonly pred: (item: T) => boolean,
  ) {
    super()
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
  /** Done, or a throw of the callback or of `source`: release `source` too (rule 4). */
  protected override onFinish(): void {
    this.source.cancel()
  }
  protected override onDropWaker(waker: Waker): void {
    this.source.dropWaker?.(waker)
  }
  protected onCancel(): void {
    this.source.cancel()
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
  checkFunction("stream.filter(source, pred)", pred)
  return new Filter(source, pred)
}
