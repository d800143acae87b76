import { Pending, type Poll } from "../contracts/poll.js"
import type { Done, Stream } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { StreamBase } from "./stream-base.js"

class CatchError<T, E, U, E2> extends StreamBase<T | U, E2> {
  #current: Stream<T | U, unknown>
  #caught = false
  constructor(
    source: Stream<T, E>,
    readonly handler: (error: E) => Stream<U, E2>,
  ) {
    super()
    this.#current = source
  }
  get label(): string {
    return `catchError(${String(this.#current)})`
  }
  protected step(cx: Context): Poll<T | U | typeof Done> {
    if (this.#caught) return this.#current.pollNext(cx)
    let r: Poll<T | U | typeof Done>
    try {
      r = this.#current.pollNext(cx)
    } catch (e) {
      this.#caught = true
      const next = this.handler(e as E)
      if (typeof next?.pollNext !== "function") {
        throw new InvalidArgument(
          "stream.catchError(source, handler)",
          `handler returned ${next === null ? "null" : typeof next}, not a stream`,
          "return a stream (stream.fromIterable([]) for none)",
        )
      }
      this.#current = next
      return next.pollNext(cx)
    }
    if (r === Pending) return Pending
    return r
  }
  protected override onFinish(): void {
    this.#current.cancel()
  }
  protected override onDropWaker(waker: Waker): void {
    this.#current.dropWaker?.(waker)
  }
  protected onCancel(): void {
    this.#current.cancel()
  }
}

/**
 * When `source` fails, go on with the stream `handler(error)` returns (RxJS's `catchError`):
 * the items before the failure, then the replacement's. Only the first failure is caught; a
 * failure of the replacement fails the stream with its own type `E2`.
 * @throws InvalidArgument when `handler` is not a function (at call time) or returns
 * something that is not a stream (at poll).
 * @remarks Cancel safety: cancelling cancels the current stream; like it for `next()`.
 * @example
 * ```ts
 * const quotes = stream.catchError(live, (e: FeedDown) => stream.fromIterable(cached))
 * ```
 */
export function catchError<T, E, U, E2 = never>(
  source: Stream<T, E>,
  handler: (error: E) => Stream<U, E2>,
): StreamBase<T | U, E2> {
  checkFunction("stream.catchError(source, handler)", handler)
  return new CatchError(source, handler)
}
