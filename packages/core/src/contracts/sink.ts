import type { Poll } from "./poll.js"
import type { Context } from "./waker.js"

/**
 * Where values go, with backpressure — the dual of `Stream` (futures-rs's `Sink`):
 * 1. `pollReady(cx)` until it is ready (room for one value; `Pending` registers `cx.waker`);
 * 2. `startSend(value)` exactly once per ready;
 * 3. `pollFlush(cx)` to push what is buffered through; `pollClose(cx)` to flush and end.
 *
 * Each `poll*` throws `E` when the sink failed. Use `send(sink, value)` and
 * `stream.forward(source, sink)` instead of calling them by hand.
 */
export interface Sink<T, E = unknown> {
  pollReady(cx: Context): Poll<void>
  /** @throws InvalidArgument when called without a ready `pollReady` before it. */
  startSend(value: T): void
  pollFlush(cx: Context): Poll<void>
  pollClose(cx: Context): Poll<void>
  /** Optional: abandon the sink, cancelling a send or close in flight (rule 4). Idempotent. */
  cancel?(): void
  /** Phantom: the failure type. Never present at run time. */
  readonly "~error"?: E | undefined
}
