import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../internal/dispose.js"
import type { SemaphoreClosed } from "./errors.js"
import { Acquire, FairPermits } from "./fair-permits.js"
import { InvalidArgument } from "../errors.js"
import { checkCount } from "../internal/check.js"

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
    const s = this.#sem
    if (s === undefined) return
    this.#sem = undefined
    s.total -= this.count
  }
  [disposeSymbol](): void {
    this.release()
  }
}

/** Blocks `close()` on a `Semaphore<never>`: a property no semaphore has. */
type Closable<Closed> = [Closed] extends [never] ? { readonly "a Semaphore<never> cannot be closed": never } : unknown

/**
 * Refuses a request for more permits than the semaphore has in all: it could never be
 * granted. A semaphore with none at all (`new Semaphore(0)`) is one that `addPermits` fills
 * later, so its requests wait instead.
 */
function checkPermits(where: string, n: number, total: number): void {
  checkCount(where, n, 1)
  if (n > total && total > 0) {
    throw new InvalidArgument(
      where,
      `asked for ${n} permits, but the semaphore has only ${total} in all, ` +
        `so it could never be granted (and would block every acquire queued behind it)`,
      `ask for at most ${total}, or call addPermits(${n - total}) first`,
    )
  }
}

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

  /** @throws InvalidArgument when `permits` is not an integer from 0 to `Number.MAX_SAFE_INTEGER`. */
  constructor(permits: number) {
    this.#p = new FairPermits(checkCount("new Semaphore(permits)", permits, 0))
  }

  /** Permits free right now. */
  get available(): number {
    return this.#p.available
  }

  /** Permits in all, held or free: the initial count, plus `addPermits`, minus forgotten permits. */
  get total(): number {
    return this.#p.total
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
   * @throws InvalidArgument when `n` is not an integer >= 1, or is more than the semaphore's
   * {@link Semaphore.total | total}: such a request could never be granted, and as the head
   * of the FIFO queue it would block every later `acquire` too. Call `addPermits` first.
   * (A semaphore with no permits at all, `new Semaphore(0)`, is meant to be filled by
   * `addPermits` later: its acquires wait, whatever they ask for.)
   * @throws SemaphoreClosed (at poll) when the semaphore is or gets closed.
   * @remarks Cancel safety: cancelling a waiting `acquire()` removes it from the queue in
   * O(1) and loses nothing; if permits had already been handed to it, they are passed on to
   * the next waiter — a cancelled waiter never swallows a wake.
   */
  acquire(n = 1): Pollable<Permit, Closed> {
    const p = this.#p
    checkPermits("Semaphore.acquire(n)", n, p.total)
    return new Acquire<Permit, Closed>(p, n, (k) => new Permit(p, k), `Semaphore.acquire(${n})`)
  }

  /**
   * `n` permits now if they are free and nobody is waiting ahead, else `undefined`.
   * @throws InvalidArgument as {@link Semaphore.acquire}.
   */
  tryAcquire(n = 1): Permit | undefined {
    checkPermits("Semaphore.tryAcquire(n)", n, this.#p.total)
    return this.#p.tryTake(n) ? new Permit(this.#p, n) : undefined
  }

  /**
   * Add `n` permits (e.g. to grow a pool); waiters are served in order.
   * @throws InvalidArgument when `n` is not an integer >= 0 or the total would pass `Number.MAX_SAFE_INTEGER`.
   */
  addPermits(n: number): void {
    const p = this.#p
    checkCount("Semaphore.addPermits(n)", n, 0, Number.MAX_SAFE_INTEGER - p.total)
    p.total += n
    p.release(n)
  }

  /**
   * Fail every waiting and future `acquire()` with `SemaphoreClosed`. Held permits stay valid.
   * Not available on a `Semaphore<never>` (one declared never to close).
   */
  close(this: Semaphore<Closed> & Closable<Closed>): void {
    this.#p.close()
  }
}
