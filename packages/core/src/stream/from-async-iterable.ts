import { Pending, type Poll } from "../contracts/poll.js"
import { Done } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { StreamBase } from "./stream-base.js"
import { wakeQuietly } from "../fault/teardown.js"
import { RUNNING } from "../internal/state.js"

class FromAsyncIterable<T> extends StreamBase<T, unknown> {
  #source: AsyncIterable<T> | undefined
  #it: AsyncIterator<T> | undefined
  #inflight = false
  #result: IteratorResult<T> | undefined
  #failed = false
  #error: unknown
  #waker: Waker | undefined

  constructor(source: AsyncIterable<T>) {
    super()
    this.#source = source
  }
  get label(): string {
    return "fromAsyncIterable()"
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const r = this.#result
    if (r !== undefined) {
      this.#result = undefined
      if (r.done === true) {
        this.#it = undefined
        return Done
      }
      return r.value
    }
    if (this.#failed) {
      this.#it = undefined
      throw this.#error
    }
    if (!this.#inflight) {
      let it = this.#it
      if (it === undefined) {
        it = this.#it = this.#source![Symbol.asyncIterator]()
        this.#source = undefined
      }
      this.#inflight = true
      Promise.resolve(it.next()).then(this.#onValue, this.#onError)
    }
    this.#waker = cx.waker
    return Pending
  }
  readonly #onValue = (r: IteratorResult<T>): void => {
    this.#inflight = false
    if (this.state !== RUNNING) return
    this.#result = r
    this.#wake()
  }
  readonly #onError = (e: unknown): void => {
    this.#inflight = false
    if (this.state !== RUNNING) return
    this.#failed = true
    this.#error = e
    this.#wake()
  }
  #wake(): void {
    const w = this.#waker
    this.#waker = undefined
    // called from a promise callback: a throwing waker would be an unhandled rejection (rule 8)
    wakeQuietly(w, "fromAsyncIterable()")
  }
  protected override onDropWaker(waker: Waker): void {
    if (this.#waker === waker) this.#waker = undefined
  }
  protected onCancel(): void {
    this.#waker = undefined
    this.#result = undefined
    this.#source = undefined
    const it = this.#it
    this.#it = undefined
    if (it?.return === undefined) return
    try {
      Promise.resolve(it.return()).then(undefined, () => {})
    } catch {
      // A throwing return() has nobody to report to after cancel.
    }
  }
}

/**
 * A stream of the items of an async iterable (an async generator, a Node readable, …).
 * Each item costs one promise settlement. A rejection of the iterator fails the stream.
 * @throws InvalidArgument when `source` is not async-iterable.
 * @remarks Cancel safety: cancelling calls the iterator's `return()` (an async generator's
 * `finally` blocks run; a rejection of `return()` is swallowed), and a `next()` already in
 * flight is ignored when it settles — its item is lost.
 */
export function fromAsyncIterable<T>(source: AsyncIterable<T>): StreamBase<T, unknown> {
  if (source == null || typeof (source as AsyncIterable<T>)[Symbol.asyncIterator] !== "function") {
    throw new InvalidArgument(
      "stream.fromAsyncIterable(source)",
      `expected an async iterable, got ${source === null ? "null" : typeof source}`,
      "pass an async generator or another object with [Symbol.asyncIterator]",
    )
  }
  return new FromAsyncIterable(source)
}
