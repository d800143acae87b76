import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Sink } from "../contracts/sink.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { FutureBase } from "../future-base.js"
import { ITEM_BUDGET } from "../internal/item-budget.js"

const checkSink = (where: string, sink: unknown): void => {
  if (
    typeof (sink as Sink<unknown> | null)?.pollReady !== "function" ||
    typeof (sink as Sink<unknown>).startSend !== "function"
  ) {
    throw new InvalidArgument(
      where,
      `expected a Sink, got ${sink === null ? "null" : typeof sink}`,
      "pass a Sink (sinkFromFn(send, close) makes one)",
    )
  }
}

class Send<T, E> extends FutureBase<void, E> {
  #sent = false
  constructor(
    readonly sink: Sink<T, E>,
    readonly value: T,
  ) {
    super()
  }
  get label(): string {
    return "send(sink, value)"
  }
  protected step(cx: Context): Poll<void> {
    if (!this.#sent) {
      if (this.sink.pollReady(cx) === Pending) return Pending
      this.#sent = true
      this.sink.startSend(this.value)
    }
    return this.sink.pollFlush(cx)
  }
  protected onCancel(): void {}
}

/**
 * Send one value into `sink` and flush it (futures' `SinkExt::send`).
 * @throws InvalidArgument when `sink` is not a Sink.
 * @remarks Cancel safety: cancelled before the sink was ready, the value was not sent;
 * cancelled after, it was handed to the sink (its flush may not have finished).
 */
export function send<T, E>(sink: Sink<T, E>, value: T): Pollable<void, E> {
  checkSink("send(sink, value)", sink)
  return new Send(sink, value)
}

class Forward<T, E, E2> extends FutureBase<void, E | E2> {
  #item: { value: T } | undefined
  #ended = false
  constructor(
    readonly source: Stream<T, E>,
    readonly sink: Sink<T, E2>,
  ) {
    super()
  }
  get label(): string {
    return `forward(${String(this.source)})`
  }
  protected step(cx: Context): Poll<void> {
    try {
      for (let n = 0; n < ITEM_BUDGET; n++) {
        if (this.#ended) return this.sink.pollClose(cx)
        if (this.#item !== undefined) {
          if (this.sink.pollReady(cx) === Pending) return Pending
          this.sink.startSend(this.#item.value)
          this.#item = undefined
        }
        const r = this.source.pollNext(cx)
        if (r === Pending) {
          this.sink.pollFlush(cx) // push what is buffered while the source waits
          return Pending
        }
        if (r === Done) this.#ended = true
        else this.#item = { value: r as T }
      }
    } catch (e) {
      this.source.cancel()
      throw e
    }
    cx.waker.wake() // an always-ready source and sink: give other tasks a turn (rule 5)
    return Pending
  }
  protected onCancel(): void {
    this.#item = undefined
    this.source.cancel()
    this.sink.cancel?.()
  }
}

/**
 * Send every item of `source` into `sink`, waiting for the sink to be ready before each
 * (backpressure), then close the sink once `source` ended (futures' `StreamExt::forward`).
 * A failure of either side fails the future (and cancels `source`).
 * @throws InvalidArgument when `sink` is not a Sink.
 * `forward` owns both ends, as futures' `forward` does.
 * @remarks Cancel safety: cancelling cancels `source` and the sink (`sink.cancel()`: its
 * send in flight is cancelled, it is not closed); an item taken from `source` but not yet
 * accepted by the sink is dropped.
 */
export function forward<T, E, E2>(source: Stream<T, E>, sink: Sink<T, E2>): Pollable<void, E | E2> {
  checkSink("stream.forward(source, sink)", sink)
  return new Forward(source, sink)
}
