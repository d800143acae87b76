import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction, checkStream } from "../internal/check.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class MapStream<T, U, E> extends OneSource<T, U, E> {
  constructor(
    source: Stream<T, E>,
    readonly f: (item: T) => U,
  ) {
    super(source)
  }
  get label(): string {
    return `map(${String(this.source)})`
  }
  protected step(cx: Context): Poll<U | typeof Done> {
    const r = this.source.pollNext(cx)
    if (r === Pending) return Pending
    if (r === Done) return Done
    return this.f(r as T)
  }
}

/**
 * Apply `f` to every item. A throw of `f` fails the stream and cancels `source`.
 * @throws InvalidArgument when `f` is not a function.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export function map<T, U, E>(source: Stream<T, E>, f: (item: T) => U): StreamBase<U, E> {
  checkStream("stream.map(source, f)", source)
  checkFunction("stream.map(source, f)", f)
  return new MapStream(source, f)
}
