import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { Interrupted } from "../errors.js"
import { FutureBase } from "../future-base.js"

/**
 * @internal The single underlying future and the latest waker of every waiter awaiting it.
 * `wakers` holds exactly the waiters that polled and are neither finished nor cancelled.
 */
class SharedState<T, E> implements Waker, Context {
  inner: Future<T, E> | undefined
  result: { ok: true; v: T } | { ok: false; e: unknown } | undefined
  readonly wakers = new Map<SharedFuture<T, E>, Waker>()
  last: Context | undefined
  /** Waiters neither finished nor cancelled, polled or not. */
  waiters = 0
  /** Set when the underlying future was cancelled before any waiter had polled it. */
  cancelledUnpolled = false
  constructor(inner: Future<T, E>) {
    this.inner = inner
  }
  get waker(): Waker {
    return this
  }
  get timer(): Timer | undefined {
    return this.last?.timer
  }
  get spawner(): Spawner | undefined {
    return this.last?.spawner
  }
  /** The underlying future made progress: wake every waiter (each only schedules). */
  wake(): void {
    for (const w of this.wakers.values()) w.wake()
  }
}

/**
 * One waiter on a shared future. Each waiter is its own future (own rule 3 and cancel);
 * `clone()` makes another.
 * @remarks Cancel safety: see {@link shared}.
 */
export class SharedFuture<T, E> extends FutureBase<T, E> {
  readonly #s: SharedState<T, E>
  constructor(s: SharedState<T, E>) {
    super()
    this.#s = s
    s.waiters++
  }
  get label(): string {
    return "shared()"
  }
  /**
 * Another waiter on the same underlying future. A clone made after completion gets the
 * result at once; one made after the last waiter cancelled the underlying future fails
 * with `Interrupted`.
 */
  clone(): SharedFuture<T, E> {
    return new SharedFuture(this.#s)
  }
  protected step(cx: Context): Poll<T> {
    const s = this.#s
    if (s.result === undefined) {
      const f = s.inner
      if (f === undefined) {
        this.#s.waiters--
        throw new Interrupted(
          s.cancelledUnpolled
            ? `${this.label}: the underlying future was cancelled with its last waiter`
            : `${this.label}: the underlying future was cancelled with its last waiter, when every waiter that had polled it was cancelled before this one's first poll; poll every waiter before cancelling the others (spawn or join them)`,
        )
      }
      s.last = cx
      s.wakers.set(this, cx.waker)
      let r: Poll<T>
      try {
        r = f.poll(s)
      } catch (e) {
        s.result = { ok: false, e }
      }
      if (s.result === undefined) {
        if (r! === Pending) return Pending
        s.result = { ok: true, v: r! as T }
      }
      s.inner = undefined
      s.last = undefined
      s.wakers.delete(this)
      s.wake() // the others pick up the result at their next poll
      s.wakers.clear()
    }
    this.#s.waiters--
    const res = s.result
    if (res.ok) return res.v
    throw res.e
  }
  protected onCancel(): void {
    const s = this.#s
    const awaited = s.wakers.delete(this)
    s.waiters--
    const f = s.inner
    // cancel the underlying future when nobody awaits it any more: this was the last waiter
    // that polled it, or the last waiter of all (then it never ran: still lazy)
    if (f !== undefined && s.wakers.size === 0 && (awaited || s.waiters === 0)) {
      s.inner = undefined
      s.last = undefined
      s.cancelledUnpolled = !awaited
      f.cancel()
    }
  }
}

/**
 * Let several places await one future: the underlying future is polled by whichever
 * waiter is polled, every waiter is woken on progress, and all get the same value or
 * failure. Each waiter is a separate future: `clone()` the returned one for more.
 * @remarks Cancel safety: cancelling a waiter removes only its waker; the underlying
 * future is cancelled as soon as no waiter awaits it — when the last waiter that polled it
 * (and has not finished) is cancelled, or when every waiter was cancelled before any poll.
 * A waiter that was created but never polled does not keep it alive: JavaScript cannot tell
 * an unused waiter (such as the one `shared()` returns, when only its clones are handed
 * out) from one that will be polled later, and counting it would leak the underlying work
 * (its timers, sockets) forever. So a waiter first polled after the underlying future was
 * cancelled fails with `Interrupted`; start every waiter (spawn, `join`, `select` — all
 * poll their children in their first poll) before cancelling the others. Unpolled waiters
 * do keep a future that no waiter has polled yet from being cancelled (it is still lazy).
 * @example
 * ```ts
 * const config = shared(loadConfig())
 * const [a, b] = yield* join(startServer(config), startWorker(config.clone()))   // loaded once
 * ```
 */
export const shared = <T, E>(future: Future<T, E>): SharedFuture<T, E> => new SharedFuture(new SharedState(future))
