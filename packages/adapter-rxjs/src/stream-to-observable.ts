import { Observable, type Subscriber } from "rxjs"
import {
  Done,
  FutureBase,
  cancelQuietly,
  InvalidArgument,
  Pending,
  type Context,
  type Poll,
  type Stream,
} from "@pollable/core"
import { checkStream } from "@pollable/core/adapter"
import { checkRunOptions, deliverError, executorFor, type ToObservableOptions } from "./to-observable.js"

/** Items a pump emits in one poll before re-queueing itself (rule 5). */
const ITEMS_PER_POLL = 256

/** The task of one subscription: pulls the stream and pushes every item into the subscriber. */
class Pump<T> extends FutureBase<void, never> {
  #stream: Stream<T, unknown> | undefined
  constructor(
    stream: Stream<T, unknown>,
    readonly subscriber: Subscriber<T>,
    readonly policy: "complete" | "error",
  ) {
    super()
    this.#stream = stream
  }
  get label(): string {
    return `streamToObservable(${String(this.#stream)})`
  }
  protected step(cx: Context): Poll<void> {
    for (let i = 0; i < ITEMS_PER_POLL; i++) {
      const s = this.#stream
      if (s === undefined) return undefined // unsubscribed while an item was being pushed
      let r: Poll<T | typeof Done>
      try {
        r = s.pollNext(cx)
      } catch (e) {
        this.#stream = undefined
        deliverError(this.subscriber, e, this.policy)
        return undefined
      }
      if (r === Pending) return Pending
      if (r === Done) {
        this.#stream = undefined
        this.subscriber.complete()
        return undefined
      }
      this.subscriber.next(r as T)
    }
    cx.waker.wake() // more may be ready: continue after the other queued tasks
    return Pending
  }
  protected onCancel(): void {
    const s = this.#stream
    this.#stream = undefined
    s?.cancel()
  }
}

/**
 * An Observable of a pollable stream's items — the Stream → Observable bridge. Items are
 * pulled as fast as the stream yields them (RxJS has no backpressure) and pushed with `next`;
 * `Done` is `complete`, a throw is `error`.
 *
 * @param source a factory (cold: one fresh stream per subscription) or a stream (single
 *   use: a second subscription errors with `InvalidArgument`).
 * @remarks
 * - Cancel safety: unsubscribing cancels the stream (and what it holds) before
 *   `unsubscribe()` returns, also from inside `next` (`take(n)`).
 * - Interrupted policy and scheduling as in `toObservable`.
 * - Rule 5: at most 256 items per poll, then the pump lets other tasks run.
 * @example
 * ```ts
 * streamToObservable(() => stream.take(stream.interval(10), 3)).subscribe(console.log)
 * ```
 */
export function streamToObservable<T, E = unknown>(
  source: Stream<T, E> | (() => Stream<T, E>),
  options: ToObservableOptions = {},
): Observable<T> {
  if (typeof source !== "function") checkStream("streamToObservable(stream)", source)
  checkRunOptions("streamToObservable", options)
  const policy = options.interrupted ?? "complete"
  let used = false
  return new Observable<T>((subscriber) => {
    let s: Stream<T, unknown>
    if (typeof source === "function") s = source()
    else {
      if (used) {
        throw new InvalidArgument(
          "streamToObservable(stream)",
          `the stream ${String(source)} was already subscribed once and streams are single-use`,
          "pass a factory, streamToObservable(() => makeStream()), for an Observable you can subscribe many times",
        )
      }
      used = true
      s = source
    }
    const handle = executorFor(options).spawn(new Pump<T>(s, subscriber, policy))
    // rule 8: unsubscribe never throws; a teardown fault goes to the executor's reporter
    return () => cancelQuietly(handle, "streamToObservable: cancelling the task on unsubscribe")
  })
}
