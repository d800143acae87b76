import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../internal/dispose.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { ChannelClosed } from "../errors.js"
import { checkCount } from "../internal/check.js"
import { StreamBase } from "../stream/stream-base.js"
import { Lagged } from "./errors.js"
import { wakeQuietly } from "../fault/teardown.js"

/** The largest broadcast capacity: its ring of retained values is allocated up front (2^24 slots = 128 MiB). */
const MAX_BROADCAST_CAPACITY = 2 ** 24

/** @internal */
class BroadcastState<T> {
  readonly ring: (T | undefined)[]
  /** Sequence number of the next value to be written. */
  tail = 0
  closed = false
  receivers = 0
  readonly waiting = new Set<BroadcastReceiver<T>>()
  constructor(readonly capacity: number) {
    this.ring = new Array<T | undefined>(capacity)
  }
  wakeAll(): void {
    if (this.waiting.size === 0) return
    const ws = [...this.waiting]
    this.waiting.clear()
    for (const r of ws) r.wakeUp()
  }
}

/** The sending half of {@link broadcast}. */
export class BroadcastSender<T> {
  readonly #st: BroadcastState<T>
  /** @internal */
  constructor(st: BroadcastState<T>) {
    this.#st = st
  }
  /**
   * Publish `value` to every current receiver; never waits. Returns how many receivers
   * will see it (0: nobody subscribed, the value is dropped). A receiver more than
   * `capacity` values behind gets `Lagged` instead of the overwritten values.
   * @throws ChannelClosed after `close()`.
   */
  send(value: T): number {
    const st = this.#st
    if (st.closed) throw new ChannelClosed("broadcast send()", "the channel was closed")
    if (st.receivers === 0) return 0
    st.ring[st.tail % st.capacity] = value
    st.tail++
    st.wakeAll()
    return st.receivers
  }
  /**
   * A new receiver that sees every value sent from now on.
   * @remarks Cancel safety: see {@link BroadcastReceiver} — cancelling the receiver
   * unsubscribes it; cancelling one of its `recv()`s loses no value.
   */
  subscribe(): BroadcastReceiver<T> {
    return new BroadcastReceiver(this.#st)
  }
  /** Receivers subscribed and not cancelled or ended. */
  get receiverCount(): number {
    return this.#st.receivers
  }
  /** Close: receivers get the values they have not read yet, then end (`Done`). */
  close(): void {
    const st = this.#st
    if (st.closed) return
    st.closed = true
    st.wakeAll()
  } /** {@link close}, for `using`. */
  [disposeSymbol](): void {
    this.close()
  }
}

/**
 * One subscriber of a {@link broadcast} channel: a stream of every value sent after it
 * subscribed, in order. If it falls more than `capacity` behind, its next poll throws
 * `Lagged(skipped)` — this error is **recoverable**: the receiver stays usable and the
 * next poll continues with the oldest value still retained (tokio semantics).
 * @remarks Cancel safety: cancelling the receiver unsubscribes it. Cancelling a
 * `next()`/`recv()` loses no value: the receiver's position moves only in the poll that
 * returns a value.
 */
export class BroadcastReceiver<T> extends StreamBase<T, Lagged> {
  readonly #st: BroadcastState<T>
  #next: number
  #waker: Waker | undefined
  /** @internal */
  constructor(st: BroadcastState<T>) {
    super()
    this.#st = st
    this.#next = st.tail
    st.receivers++
  }
  get label(): string {
    return "broadcast receiver"
  }
  /** @internal */
  wakeUp(): void {
    const w = this.#waker
    this.#waker = undefined
    wakeQuietly(w, "a broadcast receiver")
  }
  protected override isFatal(e: unknown): boolean {
    return !(e instanceof Lagged)
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const st = this.#st
    const oldest = Math.max(0, st.tail - st.capacity)
    if (this.#next < oldest) {
      const skipped = oldest - this.#next
      this.#next = oldest
      throw new Lagged(skipped)
    }
    if (this.#next < st.tail) return st.ring[this.#next++ % st.capacity] as T
    if (st.closed) return Done
    this.#waker = cx.waker
    st.waiting.add(this)
    return Pending
  }
  /**
   * A future of the next value, or `Done` once the channel is closed and drained.
   * @throws Lagged when values were overwritten before this receiver read them (recoverable).
   * @remarks Cancel safety: cancelling it loses no value.
   */
  recv(): Pollable<T | typeof Done, Lagged> {
    return this.next()
  }
  #leave(): void {
    this.#waker = undefined
    this.#st.waiting.delete(this)
    this.#st.receivers--
  }
  protected override onFinish(): void {
    this.#leave()
  }
  /** A cancelled `next()`: forget its waker; the receiver stays subscribed at its position. */
  protected override onDropWaker(waker: Waker): void {
    if (this.#waker !== waker) return
    this.#waker = undefined
    this.#st.waiting.delete(this)
  }
  protected onCancel(): void {
    this.#leave()
  }
}

/**
 * A multi-producer, multi-consumer channel where every receiver sees every value:
 * `const [tx, rx] = broadcast<T>(capacity)`; more receivers with `tx.subscribe()`. The last
 * `capacity` values are retained; `send` never waits — a slow receiver gets `Lagged(n)`.
 * @remarks Cancel safety: cancelling a receiver's `recv()` loses no value; cancelling the
 * receiver unsubscribes it (see {@link BroadcastReceiver}).
 * @throws InvalidArgument when `capacity` is not an integer from 1 to 2^24 (16,777,216): the
 * ring of retained values is allocated up front.
 */
export function broadcast<T>(capacity: number): [sender: BroadcastSender<T>, receiver: BroadcastReceiver<T>] {
  const st = new BroadcastState<T>(checkCount("broadcast(capacity)", capacity, 1, MAX_BROADCAST_CAPACITY))
  const tx = new BroadcastSender(st)
  return [tx, tx.subscribe()]
}
