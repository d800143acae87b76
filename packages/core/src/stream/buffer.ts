import type { Future } from "../contracts/future.js"
import type { Stream } from "../contracts/stream.js"
import { Buffered } from "../scope/buffered.js"
import type { StreamBase } from "./stream-base.js"
import { checkCount, checkStream } from "../errors.js"

/**
 * Run the futures that `source` yields, at most `n` at a time, and yield their results in
 * the order of `source` (futures-rs `buffered`; the same stream as `buffered(source, n)`).
 * Each future in flight is polled only when its own waker fired. A failure of `source` or
 * of any future cancels the rest and fails the stream.
 * @throws InvalidArgument when `n` is not an integer >= 1 (at call time), or when `source`
 * yields something that is not a future (at poll).
 * @remarks Cancel safety: cancelling cancels `source` and every future in flight (their
 * results are lost). Cancelling a `next()` loses nothing: finished results wait in order.
 */
export const buffer = <T, E, E2>(source: Stream<Future<T, E2>, E>, n: number): StreamBase<T, E | E2> => {
  checkStream("stream.buffer(source, n)", source)
  return new Buffered<T, E | E2>(
    source as Stream<Future<T, E | E2>, E | E2>,
    checkCount("stream.buffer(source, n)", n, 1),
    "buffer",
  )
}
