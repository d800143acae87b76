import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../scope/dispose.js"
import type { FutureBase } from "../future-base.js"
import type { SemaphoreClosed } from "./errors.js"
import { Acquire, FairPermits } from "./fair-permits.js"
import { checkCount } from "../errors.js"

/**
 * Permits taken from a {@link Semaphore}. Give them back with `release()` or a `using`
 * declaration; releasing twice is a no-op.
 */
export class Permit implements Disposable {
  #sem: FairPermits | undefined
  constructor(
    sem: FairPermits,
    /** How many permits this holds. */
    readonly count: number,
  ) {
    this.#sem = sem
  }
  /** True until `release()` or `forget()`. */
  get held(): boolean {
    return this.#sem !== undefined
  }
  /** Give the permits back; the next waiter in line gets them. Idempotent. */
  release(): void {
    const s = this.#sem
    if (s === undefined) return
    this.#sem = undefined
    s.release(this.count)
  }
  /** Drop the permits without giving them back (the semaphore shrinks). */
  forget(): void {
    this.#sem = undefined
  }
  [disposeSymbol](): void {
    this.release()
  }
}

/** Blocks `close()` on a `Semaphore<never>`: a property no semaphore has. @internal */
type Closable<Closed> = [Closed] extends [never] ? { readonly "a Semaphore<never> cannot be closed": never } : unknown

/**
 * A counting semaphore: at most `permits` holders at a time. Waker-based and strictly
 * FIFO-fair: permits go to waiters in the order they first polled `acquire()`, and a
 * large request at the head is not overtaken by smaller ones behind it.
 *
 * @example
 * ```ts
 * const slots = new Semaphore(4)
 * const job = gen(function* () {
 *   using permit = yield* slots.acquire()   // or: try { … } finally { permit.release() }
 *   return yield* fetchPage(1)
 * })
 * ```
 *
 * `Closed` is what `acquire()` may fail with: `SemaphoreClosed`, because `close()` exists.
 * A semaphore your code never closes can say so — `new Semaphore<never>(4)` — and then
 * `acquire()` cannot fail (no `SemaphoreClosed` in every error type built on it) and
 * `close()` does not type-check.
 */
export class Semaphore<Closed extends SemaphoreClosed = SemaphoreClosed> {
  readonly #p: FairPermits

  /** @throws InvalidArgument when `permits` is not an integer >= 0. */
  constructor(permits: number) {
    this.#p = new FairPermits(checkCount("new Semaphore(permits)", permits, 0))
  }

  /** Permits free right now. */
  get available(): number {
    return this.#p.available
  }

  /** Futures waiting in `acquire()`. */
  get waiting(): number {
    return this.#p.queue.length
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.#p.closed
  }

  /**
   * A future of `n` permits (default 1). It joins the queue at its first poll.
   * @throws InvalidArgument when `n` is not an integer >= 1.
   * @throws SemaphoreClosed (at poll) when the semaphore is or gets closed.
   * @remarks Cancel safety: cancelling a waiting `acquire()` removes it from the queue in
   * O(1) and loses nothing; if permits had already been handed to it, they are passed on to
   * the next waiter — a cancelled waiter never swallows a wake.
   */
  acquire(n = 1): Pollable<Permit, Closed> {
    checkCount("Semaphore.acquire(n)", n, 1)
    const p = this.#p
    return new Acquire<Permit, Closed>(p, n, (k) => new Permit(p, k), `Semaphore.acquire(${n})`)
  }

  /** `n` permits now if they are free and nobody is waiting ahead, else `undefined`. */
  tryAcquire(n = 1): Permit | undefined {
    checkCount("Semaphore.tryAcquire(n)", n, 1)
    return this.#p.tryTake(n) ? new Permit(this.#p, n) : undefined
  }

  /** Add `n` permits (e.g. to grow a pool); waiters are served in order. */
  addPermits(n: number): void {
    this.#p.release(checkCount("Semaphore.addPermits(n)", n, 0))
  }

  /**
   * Fail every waiting and future `acquire()` with `SemaphoreClosed`. Held permits stay valid.
   * Not available on a `Semaphore<never>` (one declared never to close).
   */
  close(this: Semaphore<Closed> & Closable<Closed>): void {
    this.#p.close()
  }
}
