import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction, checkStream } from "../internal/check.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class Scan<T, A, E> extends OneSource<T, A, E> {
  #acc: A
  constructor(
    source: Stream<T, E>,
    init: A,
    readonly f: (acc: A, item: T) => A,
  ) {
    super(source)
    this.#acc = init
  }
  get label(): string {
    return `scan(${String(this.source)})`
  }
  protected step(cx: Context): Poll<A | typeof Done> {
    const r = this.source.pollNext(cx)
    if (r === Pending) return Pending
    if (r === Done) return Done
    return (this.#acc = this.f(this.#acc, r as T))
  }
}

/**
 * Running accumulation: emits `f(acc, item)` for every item, starting from `init`.
 * @example `stream.scan(s, 0, (sum, x) => sum + x)` turns 1, 2, 3 into 1, 3, 6.
 * @throws InvalidArgument when `f` is not a function.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export function scan<T, A, E>(source: Stream<T, E>, init: A, f: (acc: A, item: T) => A): StreamBase<A, E> {
  checkStream("stream.scan(source, init, f)", source)
  checkFunction("stream.scan(source, init, f)", f)
  return new Scan(source, init, f)
}
