import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../internal/dispose.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { ChannelClosed, InvalidArgument } from "../errors.js"
import { checkCount } from "../internal/check.js"
import { Ring } from "../internal/ring.js"
import { FutureBase } from "../future-base.js"
import { StreamBase } from "../stream/stream-base.js"
import { WaitQueue, type Waiter } from "../sync/wait-queue.js"
import { wakeQuietly } from "../fault/teardown.js"

/** @internal State shared by the sender and the receiver. */
class MpscState<T> {
  readonly buf: Ring<T>
  /** Values dropped by a `dropOldest` / `dropNewest` channel that was full. */
  dropped = 0
  /** Slots handed to waiting senders that have not written yet. */
  reserved = 0
  readonly senders = new WaitQueue<Send<T>>()
  closed = false
  rxWaker: Waker | undefined
  constructor(
    readonly capacity: number,
    readonly overflow: MpscOverflow,
  ) {
    let pow = 4
    while (pow < capacity && pow < (capacity === Infinity ? 16 : 1024)) pow *= 2
    this.buf = new Ring<T>(pow)
  }
  hasRoom(): boolean {
    return this.buf.length + this.reserved < this.capacity
  }
  /**
   * A full channel with a dropping policy: make room by dropping the oldest value (true), or
   * drop the new one (false). Never called for `wait`.
   */
  overflowed(): boolean {
    this.dropped++
    if (this.overflow === "dropNewest") return false
    this.buf.shift()
    return true
  }
  push(v: T): void {
    this.buf.push(v)
    const w = this.rxWaker
    this.rxWaker = undefined
    wakeQuietly(w, "an mpsc waiter")
  }
  /** Hand free slots to waiting senders, in order. */
  dispatch(): void {
    const q = this.senders
    for (let s = q.head; s !== undefined && this.hasRoom(); s = q.head) {
      q.remove(s)
      this.reserved++
      s.granted = true
      const w = s.waker
      s.waker = undefined
      wakeQuietly(w, "an mpsc waiter")
    }
  }
  close(): void {
    if (this.closed) return
    this.closed = true
    for (let s = this.senders.shift(); s !== undefined; s = this.senders.shift()) {
      const w = s.waker
      s.waker = undefined
      wakeQuietly(w, "an mpsc waiter")
    }
    this.reserved = 0
    const w = this.rxWaker
    this.rxWaker = undefined
    wakeQuietly(w, "an mpsc waiter")
  }
}

class Send<T> extends FutureBase<void, ChannelClosed> implements Waiter {
  prev: Waiter | undefined = undefined
  next: Waiter | undefined = undefined
  linked = false
  waker: Waker | undefined = undefined
  granted = false
  #value: T | undefined
  constructor(
    readonly st: MpscState<T>,
    value: T,
  ) {
    super()
    this.#value = value
  }
  get label(): string {
    return "mpsc send()"
  }
  protected step(cx: Context): Poll<void> {
    const st = this.st
    if (st.closed) {
      this.#value = undefined
      throw new ChannelClosed("mpsc send()", "the channel was closed; the value was not delivered")
    }
    if (this.granted) {
      this.granted = false
      st.reserved--
      Send.#deliver(this)
      return undefined
    }
    if (!this.linked) {
      if (st.senders.length === 0 && st.hasRoom()) {
        Send.#deliver(this)
        return undefined
      }
      if (st.overflow !== "wait") {
        // a dropping channel never waits: drop the oldest value to make room, or this one
        if (st.overflowed()) Send.#deliver(this)
        else this.#value = undefined
        return undefined
      }
      st.senders.push(this)
    }
    this.waker = cx.waker
    return Pending
  }
  static #deliver<T>(g: Send<T>): void {
    const v = g.#value as T
    g.#value = undefined
    g.st.push(v)
  }
  protected onCancel(): void {
    const st = this.st
    this.waker = undefined
    this.#value = undefined
    if (this.linked) st.senders.remove(this)
    else if (this.granted) {
      // A slot was reserved for us: pass it to the next sender in line (no lost wake).
      this.granted = false
      if (!st.closed) {
        st.reserved--
        st.dispatch()
      }
    }
  }
}

/**
 * The sending half of {@link mpsc}. One object serves any number of producers: share it.
 */
export class MpscSender<T> {
  readonly #st: MpscState<T>
  /** @internal */
  constructor(st: MpscState<T>) {
    this.#st = st
  }
  /**
   * A future that enqueues `value`, waiting for room while the channel is full
   * (backpressure). Waiting senders are served in the order they first polled.
   * @throws ChannelClosed (at poll) when the channel is or gets closed; the value is then
   * not delivered.
   * @remarks Cancel safety: cancelling a `send` that has not completed guarantees its value
   * is **not** delivered, and costs no other sender anything: a slot that had been reserved
   * for it is handed to the next waiting sender.
   */
  send(value: T): Pollable<void, ChannelClosed> {
    return new Send(this.#st, value)
  }
  /**
   * Enqueue `value` now if there is room and no sender is waiting ahead (FIFO); returns
   * `false` when full.
   * @throws ChannelClosed when the channel is closed.
   */
  trySend(value: T): boolean {
    const st = this.#st
    if (st.closed) throw new ChannelClosed("mpsc trySend()", "the channel was closed; the value was not delivered")
    if (st.senders.length > 0 || !st.hasRoom()) {
      if (st.overflow === "wait" || !st.overflowed()) return false
    }
    st.push(value)
    return true
  }
  /**
   * Close the channel for every producer: waiting and later sends fail with
   * `ChannelClosed`; the receiver still gets the values already buffered, then ends.
   */
  close(): void {
    this.#st.close()
  }
  /** {@link close}, for `using` (the sender is shared by all producers: this closes the channel for all). */
  [disposeSymbol](): void {
    this.close()
  }
  /** True once the channel was closed (by either side). */
  get isClosed(): boolean {
    return this.#st.closed
  }
  /** The fixed capacity (`Infinity` for {@link unboundedMpsc}). */
  get capacity(): number {
    return this.#st.capacity
  }
  /** How many values a `dropOldest` / `dropNewest` channel dropped because it was full. */
  get dropped(): number {
    return this.#st.dropped
  }
}

/**
 * The receiving half of {@link mpsc}: a stream of the values in the order they entered.
 * It ends (`Done`) once the channel is closed and drained.
 * @remarks Cancel safety: cancelling the receiver closes the channel and drops buffered
 * values; waiting senders fail with `ChannelClosed`. Cancelling a `next()`/`recv()` loses
 * no value — a value leaves the buffer only in the poll that returns it.
 */
export class MpscReceiver<T> extends StreamBase<T, never> {
  readonly #st: MpscState<T>
  /** @internal */
  constructor(st: MpscState<T>) {
    super()
    this.#st = st
  }
  get label(): string {
    return "mpsc receiver"
  }
  /** A receive on an empty channel (see `DescribesWait`). */
  describeWait(): string {
    const st = this.#st
    return `mpsc receive (${st.buf.length} queued${st.closed ? ", closed" : ""})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const r = this.tryRecv()
    if (r === Pending) this.#st.rxWaker = cx.waker
    return r
  }
  /**
   * A future of the next value, or `Done` once closed and drained (same as `next()`).
   * @remarks Cancel safety: cancelling it loses no value.
   */
  recv(): Pollable<T | typeof Done, never> {
    return this.next()
  }
  /** The next value if one is buffered, `Done` when closed and drained, else `Pending`. */
  tryRecv(): T | typeof Pending | typeof Done {
    const st = this.#st
    if (st.buf.length > 0) {
      const v = st.buf.shift() as T
      if (!st.closed) st.dispatch()
      return v
    }
    return st.closed ? Done : Pending
  }
  /** Close the channel: senders fail from now on; values already buffered can still be received. */
  close(): void {
    this.#st.close()
  }
  /** Values buffered now. */
  get length(): number {
    return this.#st.buf.length
  }
  protected override onFinish(): void {
    this.#st.rxWaker = undefined
  }
  /** A cancelled `next()`: forget its waker (a value sent later waits in the buffer). */
  protected override onDropWaker(waker: Waker): void {
    if (this.#st.rxWaker === waker) this.#st.rxWaker = undefined
  }
  protected onCancel(): void {
    const st = this.#st
    st.rxWaker = undefined // our own waker: closing must not wake the task that abandoned us
    st.close()
    while (st.buf.length > 0) st.buf.shift()
  }
}

/**
 * What a full {@link mpsc} channel does with a new value (Effect's `Queue` strategies):
 * - `"wait"` (default): `send` waits for room (backpressure), `trySend` returns false;
 * - `"dropOldest"` (Effect's sliding): the oldest buffered value is dropped to make room;
 *   `send` never waits;
 * - `"dropNewest"` (Effect's dropping): the new value is dropped; `send` completes at once
 *   and `trySend` returns false.
 */
export type MpscOverflow = "wait" | "dropOldest" | "dropNewest"

/** Options of {@link mpsc}. */
export interface MpscOptions {
  /** What a full channel does with a new value; `"wait"` by default. */
  readonly overflow?: MpscOverflow | undefined
}

const overflows: readonly string[] = ["wait", "dropOldest", "dropNewest"]

/**
 * A bounded multi-producer, single-consumer channel: `const [tx, rx] = mpsc<T>(capacity)`.
 * `tx.send(v)` is a future that waits for room (backpressure), `tx.trySend(v)` does not
 * wait; `rx` is a stream. FIFO; waiting senders are served in order; closing is explicit
 * (`tx.close()` or `rx.close()`). With `overflow: "dropOldest"` or `"dropNewest"` a full
 * channel drops a value instead of waiting (`tx.dropped` counts them); see
 * {@link unboundedMpsc} for a channel without a bound.
 *
 * @remarks Cancel safety: cancelling a waiting `send` means its value is never delivered
 * and no other sender's message is lost; cancelling `recv()` loses no message; cancelling
 * the receiver closes the channel (see {@link MpscSender.send} and {@link MpscReceiver}).
 *
 * @example
 * ```ts
 * const [tx, rx] = mpsc<number>(16)
 * ex.spawn(gen(function* () { for (let i = 0; i < 100; i++) yield* tx.send(i); tx.close() }))
 * const all = yield* stream.collect(rx)
 * const [latest] = mpsc<Frame>(4, { overflow: "dropOldest" })   // never blocks the producer
 * ```
 * @throws InvalidArgument when `capacity` is not an integer from 1 to `Number.MAX_SAFE_INTEGER`, or `overflow` is
 * unknown.
 */
export function mpsc<T>(capacity: number, options?: MpscOptions): [sender: MpscSender<T>, receiver: MpscReceiver<T>] {
  const overflow = options?.overflow ?? "wait"
  if (!overflows.includes(overflow)) {
    throw new InvalidArgument(
      "mpsc(capacity, { overflow })",
      `unknown overflow ${JSON.stringify(overflow)}`,
      'pass "wait", "dropOldest" or "dropNewest"',
    )
  }
  const st = new MpscState<T>(checkCount("mpsc(capacity)", capacity, 1), overflow)
  return [new MpscSender(st), new MpscReceiver(st)]
}

/**
 * An unbounded multi-producer, single-consumer channel (tokio's `unbounded_channel`,
 * Effect's `Queue.unbounded`): `send` and `trySend` never wait and never drop; the buffer
 * grows as needed. Prefer a bounded {@link mpsc} when the producer can outpace the
 * consumer: nothing here pushes back.
 * @remarks Cancel safety: as {@link mpsc}.
 * @example
 * ```ts
 * const [events, inbox] = unboundedMpsc<Event>()
 * emitter.on("event", (e) => events.trySend(e))   // from a callback: always accepted
 * ```
 */
export function unboundedMpsc<T>(): [sender: MpscSender<T>, receiver: MpscReceiver<T>] {
  const st = new MpscState<T>(Infinity, "wait")
  return [new MpscSender(st), new MpscReceiver(st)]
}
