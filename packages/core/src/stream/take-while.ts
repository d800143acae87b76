import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction } from "../internal/check.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class TakeWhile<T, E> extends OneSource<T, T, E> {
  constructor(
    source: Stream<T, E>,
    readonly pred: (item: T) => boolean,
  ) {
    super(source)
  }
  get label(): string {
    return `takeWhile(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const r = this.source.pollNext(cx)
    if (r === Pending || r === Done) return r
    return this.pred(r as T) ? r : Done // Done cancels the source (onFinish)
  }
}

/**
 * Items while `pred` holds; the first item for which it is false is dropped, `source` is
 * cancelled and the stream ends.
 * @throws InvalidArgument when `pred` is not a function.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export function takeWhile<T, S extends T, E>(source: Stream<T, E>, pred: (item: T) => item is S): StreamBase<S, E>
export function takeWhile<T, E>(source: Stream<T, E>, pred: (item: T) => boolean): StreamBase<T, E>
export function takeWhile<T, E>(source: Stream<T, E>, pred: (item: T) => boolean): StreamBase<T, E> {
  checkFunction("stream.takeWhile(source, pred)", pred)
  return new TakeWhile(source, pred)
}
