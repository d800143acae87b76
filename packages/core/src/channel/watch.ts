import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { ChannelClosed } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { disposeSymbol } from "../internal/dispose.js"
import { ListWait, WaitList } from "../sync/wait-list.js"

/** @internal State shared by a watch channel's ends. */
class WatchState<T> {
  version = 0
  closed = false
  receivers = 0
  readonly waiters = new WaitList()
  constructor(public value: T) {}
  changed(): void {
    this.version++
    this.waiters.wakeAll("a watch channel")
  }
}

/**
 * The sending half of {@link watch}: replaces the one current value.
 */
export class WatchSender<T> {
  readonly #st: WatchState<T>
  /** @internal */
  constructor(st: WatchState<T>) {
    this.#st = st
  }
  /**
   * Replace the value and wake every receiver waiting in `changed()`. Values are not
   * queued: a receiver that was not looking sees only the latest.
   * @throws ChannelClosed after `close()`.
   */
  send(value: T): void {
    const st = this.#st
    if (st.closed) throw new ChannelClosed("watch send()", "the sender was closed")
    st.value = value
    st.changed()
  }
  /**
   * Change the value in place with `modify(value)` (its return value replaces it when not
   * `undefined`), then wake the receivers.
   * @throws ChannelClosed after `close()`; InvalidArgument when `modify` is not a function.
   */
  sendModify(modify: (value: T) => T | void): void {
    checkFunction("watch sendModify(modify)", modify)
    const st = this.#st
    if (st.closed) throw new ChannelClosed("watch sendModify()", "the sender was closed")
    const r = modify(st.value)
    if (r !== undefined) st.value = r
    st.changed()
  }
  /** The current value. */
  borrow(): T {
    return this.#st.value
  }
  /** A new receiver that has seen the current value (its `changed()` waits for the next send). */
  subscribe(): WatchReceiver<T> {
    return new WatchReceiver(this.#st, this.#st.version)
  }
  /** Receivers not yet closed. */
  get receiverCount(): number {
    return this.#st.receivers
  }
  /** Close the channel: pending and later `changed()` fail with `ChannelClosed`; `borrow()` still works. */
  close(): void {
    const st = this.#st
    if (st.closed) return
    st.closed = true
    st.waiters.wakeAll("a watch channel")
  }
  /** {@link close}, for `using`. */
  [disposeSymbol](): void {
    this.close()
  }
}

/**
 * The receiving half of {@link watch}: reads the latest value and waits for changes. Any
 * number of receivers (`clone()` or `sender.subscribe()`), each with its own "seen" mark.
 */
export class WatchReceiver<T> {
  readonly #st: WatchState<T>
  #seen: number
  #open = true
  /** @internal */
  constructor(st: WatchState<T>, seen: number) {
    this.#st = st
    this.#seen = seen
    st.receivers++
  }
  /** The latest value, without marking it seen. */
  borrow(): T {
    return this.#st.value
  }
  /** The latest value, marking it seen. */
  borrowAndUpdate(): T {
    this.#seen = this.#st.version
    return this.#st.value
  }
  /** True when a value was sent since this receiver last marked one seen. */
  get hasChanged(): boolean {
    return this.#st.version !== this.#seen
  }
  /**
   * A future that completes once a value newer than the last seen one was sent, and marks
   * it seen (read it with `borrow()`). Completes at once when one already was.
   * @throws ChannelClosed (at poll) when the sender closed and nothing new is left to see.
   * @remarks Cancel safety: cancelling it marks nothing seen and loses no change — the next
   * `changed()` completes at once.
   */
  changed(): Pollable<void, ChannelClosed> {
    return new Changed(this)
  }
  /** @internal */
  checkChanged(): Poll<void> {
    const st = this.#st
    if (st.version !== this.#seen) {
      this.#seen = st.version
      return undefined
    }
    if (st.closed || !this.#open)
      throw new ChannelClosed("watch changed()", st.closed ? "the sender was closed" : "this receiver was closed")
    return Pending
  }
  /** @internal */
  get waiters(): WaitList {
    return this.#st.waiters
  }
  /** A new receiver with the same "seen" mark. */
  clone(): WatchReceiver<T> {
    return new WatchReceiver(this.#st, this.#seen)
  }
  /** Stop receiving: `changed()` fails with `ChannelClosed`; the sender's `receiverCount` drops. Idempotent. */
  close(): void {
    if (!this.#open) return
    this.#open = false
    this.#st.receivers--
  }
  /** {@link close}, for `using`. */
  [disposeSymbol](): void {
    this.close()
  }
}

class Changed<T> extends ListWait<void, ChannelClosed> {
  constructor(readonly rx: WatchReceiver<T>) {
    super(rx.waiters)
  }
  get label(): string {
    return "watch changed()"
  }
  protected check(): Poll<void> {
    return this.rx.checkChanged()
  }
}

/**
 * A single-value channel that always holds the latest value (tokio's `watch`): the sender
 * replaces it, receivers read it any time and wait for the next change with `changed()`.
 * For configuration, state and progress — where only the newest value matters.
 *
 * @remarks Cancel safety: cancelling `changed()` loses no change. Rule 8: a receiver's waker
 * that throws is reported and the other receivers are still woken.
 * @example
 * ```ts
 * const [tx, rx] = watch({ level: "info" })
 * const follow = gen(function* () {
 *   for (;;) { yield* rx.changed(); apply(rx.borrow()) }   // sees the newest config, skips stale ones
 * })
 * tx.send({ level: "debug" })
 * ```
 */
export function watch<T>(initial: T): [sender: WatchSender<T>, receiver: WatchReceiver<T>] {
  const st = new WatchState(initial)
  return [new WatchSender(st), new WatchReceiver(st, 0)]
}
