import { takeWhile, type Observable, type ObservableInput, type Unsubscribable } from "rxjs"
import { Done, InvalidArgument, Pending, StreamBase, type Context, type Poll, type Waker } from "@pollable/core"
import { checkOptions } from "@pollable/core/adapter"
import { observableFrom } from "./check.js"
import { BufferOverflow } from "./errors.js"
import { unsubscribeQuietly } from "./unsubscribe.js"

/** What {@link observableToStream} does with an item that arrives while its buffer is full. */
export type OverflowPolicy = "error" | "dropOldest" | "dropNewest"

/** Options of {@link observableToStream}. */
export interface ObservableToStreamOptions {
  /** Items held between the Observable's push and the stream's pull: an integer >= 1, or `Infinity`. Default 16. */
  readonly buffer?: number | undefined
  /**
   * When an item arrives and the buffer is full:
   * - `"error"` (default): unsubscribe the Observable; the buffered items are delivered, then
   *   `pollNext` throws `BufferOverflow`. Nothing is lost silently.
   * - `"dropOldest"`: discard the oldest buffered item (keep the latest: sampling).
   * - `"dropNewest"`: discard the arriving item (keep the earliest).
   */
  readonly overflow?: OverflowPolicy | undefined
}

/** The stream {@link observableToStream} returns; `dropped` counts items discarded by the overflow policy. */
export class ObservableStream<T> extends StreamBase<T, unknown> {
  readonly #source: Observable<T>
  readonly #capacity: number
  readonly #overflow: OverflowPolicy
  #items: T[] = []
  #head = 0
  #end: { readonly error?: unknown; readonly failed: boolean } | undefined
  #sub: Unsubscribable | undefined
  #stopped = false
  #waker: Waker | undefined
  #dropped = 0

  /** @internal use {@link observableToStream} */
  constructor(source: Observable<T>, capacity: number, overflow: OverflowPolicy) {
    super()
    this.#source = source
    this.#capacity = capacity
    this.#overflow = overflow
  }

  get label(): string {
    return `observableToStream(buffer: ${this.#capacity}, overflow: "${this.#overflow}")`
  }

  /** Items discarded by `dropOldest` / `dropNewest` so far. */
  get dropped(): number {
    return this.#dropped
  }

  /** Items buffered and not yet pulled. */
  get buffered(): number {
    return this.#items.length - this.#head
  }

  protected step(cx: Context): Poll<T | typeof Done> {
    if (this.#sub === undefined && this.#end === undefined) {
      // Rule 7: subscribe at the first poll. `takeWhile` lets an overflow stop even a
      // source that is still emitting synchronously inside `subscribe`.
      this.#sub = this.#source.pipe(takeWhile(() => !this.#stopped)).subscribe({
        next: (v) => this.#push(v),
        error: (error: unknown) => this.#finish({ error, failed: true }),
        complete: () => this.#finish({ failed: false }),
      })
      // An overflow inside the synchronous subscribe had no subscription to close yet;
      // `takeWhile` would only notice at the source's next push, which may never come.
      if (this.#stopped) unsubscribeQuietly(this.#sub, "observableToStream: unsubscribing after an overflow")
    }
    if (this.#head < this.#items.length) return this.#shift()
    const end = this.#end
    if (end !== undefined) {
      this.#sub = undefined
      if (end.failed) throw end.error
      return Done
    }
    this.#waker = cx.waker
    return Pending
  }

  protected onCancel(): void {
    this.#stopped = true
    const sub = this.#sub
    this.#sub = undefined
    this.#waker = undefined
    this.#items = []
    this.#head = 0
    unsubscribeQuietly(sub, "observableToStream: unsubscribing on cancel")
  }

  #push(v: T): void {
    if (this.#end !== undefined || this.state !== 0) return
    if (this.buffered >= this.#capacity) {
      if (this.#overflow === "dropNewest") {
        this.#dropped++
        return
      }
      if (this.#overflow === "dropOldest") {
        this.#dropped++
        this.#shift()
      } else {
        this.#stopped = true
        this.#finish({ error: new BufferOverflow(this.#capacity), failed: true })
        unsubscribeQuietly(this.#sub, "observableToStream: unsubscribing after an overflow")
        return
      }
    }
    this.#items.push(v)
    this.#wake()
  }

  #shift(): T {
    const v = this.#items[this.#head]!
    this.#items[this.#head] = undefined as T
    this.#head++
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return v
  }

  #finish(end: { readonly error?: unknown; readonly failed: boolean }): void {
    if (this.#end !== undefined || this.state !== 0) return
    this.#end = end
    this.#wake()
  }

  #wake(): void {
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }
}

/**
 * A pollable stream of an Observable's items — the Observable → Stream bridge. RxJS
 * pushes while a stream is pulled, so items wait in a bounded buffer whose overflow
 * policy is explicit (see {@link ObservableToStreamOptions}).
 *
 * @param source any `ObservableInput`.
 * @remarks
 * - Lazy (rule 7): subscribed at the first `pollNext`.
 * - Cancel safety: `cancel()` unsubscribes and drops the buffer. Cancelling a pending
 *   `next()` future loses nothing: an item leaves the buffer only in the poll returning it.
 * - A synchronous source (`of`, `from(array)`, `range`) pushes everything during the first
 *   poll, so give it `buffer` at least its length, or `Infinity`.
 * - An Observable error is delivered after the items buffered before it, and thrown as it is.
 * @throws InvalidArgument when `buffer` is not an integer >= 1 or `Infinity`, or `overflow` is unknown.
 * @throws BufferOverflow from `pollNext` under `overflow: "error"`, after the buffered items.
 * @example
 * ```ts
 * const clicks = observableToStream(fromEvent(button, "click"), { buffer: 1, overflow: "dropOldest" })
 * yield* stream.forEach(clicks, (ev) => handle(ev))
 * ```
 */
export function observableToStream<T>(
  source: ObservableInput<T>,
  options: ObservableToStreamOptions = {},
): ObservableStream<T> {
  checkOptions("observableToStream(source, options)", options)
  const capacity = options.buffer ?? 16
  if (!(capacity === Infinity || (Number.isInteger(capacity) && capacity >= 1))) {
    throw new InvalidArgument(
      "observableToStream({ buffer })",
      `expected an integer >= 1 or Infinity, got ${String(capacity)}`,
      "pass how many items may wait for the consumer, e.g. 16, or Infinity for no limit",
    )
  }
  const overflow = options.overflow ?? "error"
  if (overflow !== "error" && overflow !== "dropOldest" && overflow !== "dropNewest") {
    throw new InvalidArgument(
      "observableToStream({ overflow })",
      `unknown policy ${JSON.stringify(overflow)}`,
      'pass "error", "dropOldest" or "dropNewest"',
    )
  }
  return new ObservableStream(observableFrom("observableToStream(source)", source), capacity, overflow)
}
