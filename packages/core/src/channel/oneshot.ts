import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../internal/dispose.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { ChannelClosed } from "../errors.js"
import { FutureBase } from "../future-base.js"
import { wakeQuietly } from "../fault/teardown.js"

const EMPTY: unique symbol = Symbol("empty")

/** @internal */
class OneshotState<T> {
  value: T | typeof EMPTY = EMPTY
  /** The sender sent its value or was cancelled. */
  senderDone = false
  /** The receiver completed or was cancelled. */
  receiverDone = false
  rxWaker: Waker | undefined
  readonly closedWakers = new Set<Closed>()
  wakeClosed(): void {
    for (const c of this.closedWakers) c.wakeUp()
    this.closedWakers.clear()
  }
}

/** The sending half of {@link oneshot}. */
export class OneshotSender<T> {
  readonly #st: OneshotState<T>
  #sent = false
  /** @internal */
  constructor(st: OneshotState<T>) {
    this.#st = st
  }
  /**
   * Deliver the value. Returns `false` (and drops the value) when the receiver was
   * cancelled — the value can never be received.
   * @throws ChannelClosed when called a second time or after `cancel()`.
   */
  send(value: T): boolean {
    const st = this.#st
    if (st.senderDone) {
      throw new ChannelClosed(
        "oneshot sender",
        this.#sent ? "a value was already sent; a oneshot carries one value" : "the sender was cancelled",
      )
    }
    st.senderDone = true
    this.#sent = true
    if (st.receiverDone) return false
    st.value = value
    const w = st.rxWaker
    st.rxWaker = undefined
    wakeQuietly(w, "a oneshot waiter")
    return true
  }
  /** True when the receiver was cancelled or has already received: sending is pointless. */
  get isClosed(): boolean {
    return this.#st.receiverDone
  }
  /**
   * A future that completes when the receiver is cancelled or has received — use it to stop
   * work nobody waits for.
   * @remarks Cancel safety: cancelling it only unregisters its waker.
   */
  closed(): Pollable<void, never> {
    return new Closed(this.#st)
  }
  /** Drop the sender without sending: the receiver fails with `ChannelClosed`. No-op after `send`. */
  cancel(): void {
    const st = this.#st
    if (st.senderDone) return
    st.senderDone = true
    const w = st.rxWaker
    st.rxWaker = undefined
    wakeQuietly(w, "a oneshot waiter")
  }
  /** {@link cancel}, for `using`: a sender that leaves its block without sending fails the receiver. */
  [disposeSymbol](): void {
    this.cancel()
  }
}

/**
 * The receiving half of {@link oneshot}: a future of the value.
 * @remarks Cancel safety: cancelling drops the receiver; a value already sent is dropped,
 * and the sender sees `send` return `false` and `closed()` complete.
 */
export class OneshotReceiver<T> extends FutureBase<T, ChannelClosed> {
  readonly #st: OneshotState<T>
  /** @internal */
  constructor(st: OneshotState<T>) {
    super()
    this.#st = st
  }
  /** `cancel()`, for `using`: drops the receiver (a value sent later is dropped). */
  [disposeSymbol](): void {
    this.cancel()
  }
  get label(): string {
    return "oneshot receiver"
  }
  /** A receive nobody has sent to yet (see `DescribesWait`). */
  describeWait(): string {
    return "oneshot receive (nothing sent yet)"
  }
  protected step(cx: Context): Poll<T> {
    const r = this.tryRecv()
    if (r !== Pending) return r
    this.#st.rxWaker = cx.waker
    return Pending
  }
  /**
   * The value if it has arrived (consuming it), else `Pending`.
   * @throws ChannelClosed when the sender was cancelled without sending, or when the value
   * was already received (or the receiver cancelled).
   */
  tryRecv(): T | typeof Pending {
    const st = this.#st
    if (st.receiverDone) {
      throw new ChannelClosed(
        "oneshot receiver",
        "the value was already received (or the receiver was cancelled); a oneshot carries one value",
      )
    }
    const v = st.value
    if (v !== EMPTY) {
      st.value = EMPTY
      OneshotReceiver.#finish(this)
      return v
    }
    if (st.senderDone) {
      OneshotReceiver.#finish(this)
      throw new ChannelClosed("oneshot receiver", "the sender was cancelled before sending")
    }
    return Pending
  }
  static #finish(r: OneshotReceiver<unknown>): void {
    const st = r.#st
    st.rxWaker = undefined
    if (!st.receiverDone) {
      st.receiverDone = true
      st.wakeClosed()
    }
  }
  protected onCancel(): void {
    this.#st.value = EMPTY
    OneshotReceiver.#finish(this)
  }
}

class Closed extends FutureBase<void, never> {
  #waker: Waker | undefined
  constructor(readonly st: OneshotState<any>) {
    super()
  }
  get label(): string {
    return "oneshot sender.closed()"
  }
  wakeUp(): void {
    const w = this.#waker
    this.#waker = undefined
    wakeQuietly(w, "a oneshot waiter")
  }
  protected step(cx: Context): Poll<void> {
    if (this.st.receiverDone) {
      this.st.closedWakers.delete(this)
      return undefined
    }
    this.#waker = cx.waker
    this.st.closedWakers.add(this)
    return Pending
  }
  protected onCancel(): void {
    this.#waker = undefined
    this.st.closedWakers.delete(this)
  }
}

/**
 * A channel for exactly one value: `const [tx, rx] = oneshot<number>()`. `rx` is a future of
 * the value; cancelling `tx` makes it fail with `ChannelClosed`; cancelling `rx` makes
 * `tx.send` return `false`.
 *
 * @remarks Cancel safety: the receiver is the only future; cancelling it drops the channel
 * (a value already sent is dropped, a later `send` returns `false`). Cancelling the sender
 * fails the receiver with `ChannelClosed` (see {@link OneshotReceiver}).
 *
 * @example
 * ```ts
 * const [tx, rx] = oneshot<string>()
 * ex.spawn(gen(function* () { yield* sleep(10); tx.send("hi") }))
 * const v = yield* rx   // "hi"
 * ```
 */
export function oneshot<T>(): [sender: OneshotSender<T>, receiver: OneshotReceiver<T>] {
  const st = new OneshotState<T>()
  return [new OneshotSender(st), new OneshotReceiver(st)]
}
