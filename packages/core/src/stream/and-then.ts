import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class AndThen<T, U, E, E2> extends OneSource<T, U, E | E2> {
  #inflight: Future<U, E2> | undefined
  constructor(
    source: Stream<T, E>,
    readonly f: (item: T) => Future<U, E2>,
  ) {
    super(source)
  }
  get label(): string {
    return `andThen(${String(this.source)})`
  }
  protected step(cx: Context): Poll<U | typeof Done> {
    let f = this.#inflight
    if (f === undefined) {
      const r = this.source.pollNext(cx)
      if (r === Pending) return Pending
      if (r === Done) return Done
      f = this.f(r as T)
      if (typeof f?.poll !== "function") {
        throw new InvalidArgument(
          "stream.andThen(source, f)",
          `f returned ${f === null ? "null" : typeof f}, not a future`,
          "return a future from f (or use stream.map)",
        )
      }
      this.#inflight = f
    }
    let u: Poll<U>
    try {
      u = f.poll(cx)
    } catch (e) {
      this.#inflight = undefined
      throw e
    }
    if (u === Pending) return Pending
    this.#inflight = undefined
    return u
  }
  protected override onFinish(): void {
    const f = this.#inflight
    this.#inflight = undefined
    f?.cancel()
    super.onFinish()
  }
  protected override onCancel(): void {
    this.onFinish()
  }
}

/**
 * Map every item through a future, one at a time, in order (futures' `then`, RxJS's
 * `concatMap` for one-value results): the next item is taken only after the previous
 * future completed. A failure of a future or of `source` fails the stream.
 * @throws InvalidArgument when `f` is not a function (at call time) or returns something that
 * is not a future (at poll).
 * @remarks Cancel safety: cancelling cancels the in-flight future and `source`. A cancelled
 * `next()` loses nothing: the in-flight future belongs to the stream and the next poll goes on
 * with it (what it registered stays until it completes or the stream is cancelled).
 * @example
 * ```ts
 * const users = stream.andThen(ids, (id) => fetchUser(id))   // StreamBase<User, E | FetchError>
 * ```
 */
export function andThen<T, U, E, E2>(source: Stream<T, E>, f: (item: T) => Future<U, E2>): StreamBase<U, E | E2> {
  checkFunction("stream.andThen(source, f)", f)
  return new AndThen(source, f)
}
