import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Sink } from "../contracts/sink.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction } from "../internal/check.js"

class FnSink<T, E> implements Sink<T, E> {
  declare readonly "~error"?: E | undefined
  #inflight: Future<void, E> | undefined
  #ready = false
  #closing: Future<void, E> | undefined
  #closed = false
  constructor(
    readonly send: (value: T) => Future<void, E>,
    readonly close: (() => Future<void, E> | void) | undefined,
  ) {}
  /** Drive the in-flight send to its end. */
  #drain(cx: Context): Poll<void> {
    const f = this.#inflight
    if (f === undefined) return undefined
    let r: Poll<void>
    try {
      r = f.poll(cx)
    } catch (e) {
      this.#inflight = undefined
      throw e
    }
    if (r === Pending) return Pending
    this.#inflight = undefined
    return undefined
  }
  pollReady(cx: Context): Poll<void> {
    if (this.#closed) throw new InvalidArgument("sink.pollReady()", "the sink was closed", "create a new sink")
    const r = this.#drain(cx)
    if (r === Pending) return Pending
    this.#ready = true
    return undefined
  }
  startSend(value: T): void {
    if (!this.#ready)
      throw new InvalidArgument(
        "sink.startSend(value)",
        "called before pollReady returned ready",
        "await send(sink, value) instead",
      )
    this.#ready = false
    const f = this.send(value)
    if (typeof f?.poll !== "function") {
      throw new InvalidArgument(
        "sinkFromFn(send)",
        `send returned ${f === null ? "null" : typeof f}, not a future`,
        "return a future from send",
      )
    }
    this.#inflight = f
  }
  pollFlush(cx: Context): Poll<void> {
    return this.#drain(cx)
  }
  pollClose(cx: Context): Poll<void> {
    if (this.#drain(cx) === Pending) return Pending
    if (!this.#closed) {
      this.#closed = true
      const c = this.close?.()
      if (c !== undefined && typeof c.poll === "function") this.#closing = c
    }
    const c = this.#closing
    if (c === undefined) return undefined
    const r = c.poll(cx)
    if (r !== Pending) this.#closing = undefined
    return r
  }
  cancel(): void {
    this.#closed = true
    this.#ready = false
    const f = this.#inflight
    const c = this.#closing
    this.#inflight = this.#closing = undefined
    f?.cancel()
    c?.cancel()
  }
}

/**
 * A {@link Sink} from a function that sends one value as a future (one send in flight at a
 * time: the sink is ready again when it completed) and an optional `close`. It turns any
 * future-returning writer into a sink — an mpsc sender, a socket write, a batch API.
 * `cancel()` cancels the send (or close) in flight.
 * @throws InvalidArgument when `send` (or a given `close`) is not a function.
 * @example
 * ```ts
 * const [tx, rx] = mpsc<number>(8)
 * const sink = sinkFromFn((n: number) => tx.send(n), () => tx.close())
 * yield* stream.forward(numbers, sink)   // backpressure from the channel, then close
 * ```
 */
export function sinkFromFn<T, E>(
  send: (value: T) => Future<void, E>,
  close?: () => Future<void, E> | void,
): Sink<T, E> {
  checkFunction("sinkFromFn(send)", send)
  if (close !== undefined) checkFunction("sinkFromFn(send, close)", close)
  return new FnSink(send, close)
}
