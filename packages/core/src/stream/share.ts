import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { checkCount } from "../internal/check.js"
import { WaitList } from "../sync/wait-list.js"
import type { Waiter } from "../sync/wait-queue.js"
import { StreamBase } from "./stream-base.js"

/** @internal What the subscribers of one shared source have in common. */
class Hub<T, E> implements Waker {
  source: Stream<T, E> | undefined
  /** Items not yet taken by every subscriber, plus the replay window; `buf[0]` has index `base`. */
  readonly buf: T[] = []
  base = 0
  ended = false
  failed: { readonly error: unknown } | undefined
  readonly subs = new Set<Subscriber<T, E>>()
  readonly waiters = new WaitList()
  constructor(
    source: Stream<T, E>,
    readonly replay: number,
  ) {
    this.source = source
  }
  get end(): number {
    return this.base + this.buf.length
  }
  /** The source's waker: whatever it has, every waiting subscriber may want it. */
  wake(): void {
    this.waiters.wakeAll("a shared stream")
  }
  /** Poll the source once for every subscriber. */
  pull(cx: Context): Poll<T | typeof Done> {
    const source = this.source
    if (source === undefined) return Done
    let r: Poll<T | typeof Done>
    try {
      r = source.pollNext({ waker: this, timer: cx.timer, spawner: cx.spawner })
    } catch (e) {
      this.failed = { error: e }
      this.source = undefined
      this.wake()
      throw e
    }
    if (r === Pending) return Pending
    if (r === Done) {
      this.ended = true
      this.source = undefined
    } else this.buf.push(r as T)
    this.wake()
    return r
  }
  /** Drop items every subscriber has taken, keeping the replay window. */
  trim(): void {
    let min = this.end - this.replay
    for (const s of this.subs) if (s.pos < min) min = s.pos
    const drop = min - this.base
    if (drop > 0) {
      this.buf.splice(0, drop)
      this.base = min
    }
  }
  leave(s: Subscriber<T, E>): void {
    if (!this.subs.delete(s)) return
    if (this.subs.size === 0 && this.source !== undefined) {
      // the last subscriber left: nobody will take the source's items any more
      const source = this.source
      this.source = undefined
      this.ended = true
      source.cancel()
    }
    this.trim()
  }
}

class Subscriber<T, E> extends StreamBase<T, E> {
  /** Its place among the hub's waiters (a separate object: a stream already has `next`). */
  readonly #w: Waiter = { prev: undefined, next: undefined, linked: false, waker: undefined }
  constructor(
    readonly hub: Hub<T, E>,
    public pos: number,
  ) {
    super()
    hub.subs.add(this)
  }
  get label(): string {
    return `share subscriber`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const hub = this.hub
    for (;;) {
      if (this.pos < hub.end) {
        const item = hub.buf[this.pos - hub.base] as T
        this.pos++
        this.#unlink()
        hub.trim()
        return item
      }
      if (hub.failed !== undefined) {
        this.#unlink()
        throw hub.failed.error
      }
      if (hub.ended) {
        this.#unlink()
        return Done
      }
      const r = hub.pull(cx)
      if (r === Pending) break
      // an item (now in the buffer) or Done: take it on the next turn of the loop
    }
    const w = this.#w
    if (!w.linked) hub.waiters.queue.push(w)
    w.waker = cx.waker
    return Pending
  }
  #unlink(): void {
    const w = this.#w
    w.waker = undefined
    if (w.linked) this.hub.waiters.queue.remove(w)
  }
  protected override onFinish(): void {
    this.#unlink()
    this.hub.leave(this)
  }
  protected override onDropWaker(waker: Waker): void {
    if (this.#w.waker !== waker) return
    this.#unlink()
    // nobody waits any more: the source may drop what it armed for the hub (it re-arms at the next pull)
    const hub = this.hub
    if (hub.waiters.length === 0) hub.source?.dropWaker?.(hub)
  }
  protected onCancel(): void {
    this.#unlink()
    this.hub.leave(this)
  }
}

/** One source read by many subscribers (see {@link share}). */
export class SharedStream<T, E> {
  readonly #hub: Hub<T, E>
  /** @internal */
  constructor(hub: Hub<T, E>) {
    this.#hub = hub
  }
  /**
   * A new subscriber: a stream of the items the source produces from now on, preceded by up
   * to `replay` items produced before. Once the source ended, a new subscriber gets the
   * replayed items, then `Done`.
   * @remarks Cancel safety: cancelling a subscriber lets the others go on (the last one to
   * leave cancels the source); a cancelled `next()` of it loses no item.
   */
  subscribe(): StreamBase<T, E> {
    const hub = this.#hub
    return new Subscriber(hub, Math.max(hub.base, hub.end - hub.replay))
  }
  /** Subscribers not yet ended or cancelled. */
  get subscribers(): number {
    return this.#hub.subs.size
  }
}

/** Options of {@link share}. */
export interface ShareOptions {
  /** How many of the latest items a new subscriber gets first (RxJS's `shareReplay(n)`); 0 by default. */
  readonly replay?: number | undefined
}

/**
 * Read one stream from many places (RxJS's `share` / `shareReplay`): `shared.subscribe()`
 * gives each consumer its own stream of the items. Pull-based: the source is polled when a
 * subscriber needs an item nobody has pulled yet, and an item is kept until every current
 * subscriber took it — so the fastest reader runs ahead and memory grows with the lag of the
 * slowest (cancel a subscriber you stop reading).
 *
 * @throws InvalidArgument when `replay` is not an integer >= 0.
 * @remarks Cancel safety: a cancelled `next()` loses no item (an item stays until its
 * subscriber takes it). Cancelling a subscriber lets the others go on; when the last one is
 * cancelled (or ends) the source is cancelled. A failure of the source reaches every
 * subscriber once it has taken the items before it.
 * @example
 * ```ts
 * const prices = stream.share(feed, { replay: 1 })
 * const chart = prices.subscribe()      // both see every price from now on…
 * const alerts = prices.subscribe()     // …and a late subscriber starts with the latest one
 * ```
 */
export function share<T, E>(source: Stream<T, E>, options?: ShareOptions): SharedStream<T, E> {
  const replay = checkCount("stream.share(source, { replay })", options?.replay ?? 0, 0)
  return new SharedStream(new Hub(source, replay))
}
