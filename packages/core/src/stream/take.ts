import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"
import { checkCount, checkStream } from "../internal/check.js"
import { cancelQuietly } from "../fault/teardown.js"

class Take<T, E> extends OneSource<T, T, E> {
  #left: number
  constructor(
    source: Stream<T, E>,
    readonly n: number,
  ) {
    super(source)
    this.#left = n
  }
  get label(): string {
    return `take(${String(this.source)}, ${this.n})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    if (this.#left === 0) {
      cancelQuietly(this.source)
      return Done
    }
    const r = this.source.pollNext(cx)
    if (r === Pending || r === Done) return r
    if (--this.#left === 0) cancelQuietly(this.source)
    return r
  }
}

/**
 * The first `n` items of `source`; then `source` is cancelled (as soon as the `n`-th item
 * is out) and the stream ends.
 * @throws InvalidArgument when `n` is not an integer >= 0.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export const take = <T, E>(source: Stream<T, E>, n: number): StreamBase<T, E> => {
  checkStream("stream.take(source, n)", source)
  return new Take(source, checkCount("stream.take(source, n)", n, 0))
}
