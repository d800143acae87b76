import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { wakeQuietly } from "../fault/teardown.js"
import { Interrupted } from "../errors.js"
import { checkFuture } from "../internal/check.js"
import { FutureBase } from "../future-base.js"

/**
 * The single underlying future and the latest waker of every waiter awaiting it.
 * `wakers` holds exactly the waiters that polled and are neither finished nor cancelled.
 */
class SharedState<T, E> implements Waker, Context {
  inner: Future<T, E> | undefined
  result: { ok: true; v: T } | { ok: false; e: unknown } | undefined
  readonly wakers = new Map<SharedFuture<T, E>, Waker>()
  last: Context | undefined
  /** Waiters neither finished nor cancelled, polled or not: each one keeps `inner` alive. */
  waiters = 0
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
    // rule 8: one waiter's throwing waker must not keep the others asleep
    for (const w of this.wakers.values()) wakeQuietly(w, "a shared() waiter")
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
   * @remarks Cancel safety: cancelling the clone drops only this waiter; the underlying
   * future runs on for the others and is cancelled with the last one (see {@link shared}).
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
        // only a clone made after every other waiter was cancelled gets here
        throw new Interrupted(
          `${this.label}: the underlying future was cancelled with its last waiter; ` +
            `clone a waiter that is still live instead`,
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
    s.wakers.delete(this)
    const f = s.inner
    if (--s.waiters === 0 && f !== undefined) {
      s.inner = undefined
      s.last = undefined
      f.cancel()
    }
  }
}

/**
 * Let several places await one future: the underlying future is polled by whichever
 * waiter is polled, every waiter is woken on progress, and all get the same value or
 * failure. Each waiter is a separate future: `clone()` the returned one for more.
 * @remarks Cancel safety: cancelling a waiter removes only its waker; the underlying
 * future is cancelled when the last live waiter is cancelled before it finished. Every
 * waiter counts from its creation — polled or not, including the one `shared()` returns —
 * until it finished or was cancelled, as every handle of Rust's `Shared` counts until it is
 * dropped. In JavaScript nothing tells an abandoned waiter from one not polled *yet* (a
 * spawned task's first poll comes in a later turn), so `cancel()` is how you drop a waiter
 * you will not poll: `const s = shared(f); join(s.clone(), s.clone())` keeps `f` running
 * after both clones are cancelled until you `s.cancel()` — hand out `s` itself instead.
 * Counting only polled waiters would fail a spawned waiter with `Interrupted` whenever a
 * sibling happened to be cancelled before its first poll, depending on the schedule.
 * @example
 * ```ts
 * const config = shared(loadConfig())
 * const [a, b] = yield* join(startServer(config), startWorker(config.clone()))   // loaded once
 * ```
 */
export const shared = <T, E>(future: Future<T, E>): SharedFuture<T, E> => {
  checkFuture("shared(future)", future)
  return new SharedFuture(new SharedState(future))
}
