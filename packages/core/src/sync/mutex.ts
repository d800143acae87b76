import type { Pollable } from "../contracts/future.js"
import { Acquire, FairPermits } from "./fair-permits.js"
import { LockGuard, type Cell } from "./guard.js"

/**
 * Exclusive access to a {@link Mutex}'s value. Read or replace it through `value`; unlock
 * with `release()` or a `using` declaration. Using `value` after release throws.
 */
export class MutexGuard<T> extends LockGuard<T> implements Disposable {
  constructor(lock: FairPermits, cell: Cell<T>) {
    super(lock, cell, 1, "MutexGuard.value")
  }
  /** The protected value. @throws UseAfterRelease after `release()`. */
  get value(): T {
    return this.read()
  }
  set value(v: T) {
    this.write(v)
  }
}

/**
 * An asynchronous mutual-exclusion lock around a value. FIFO-fair: the lock is handed to
 * waiters in the order they first polled `lock()`, never barged.
 *
 * @example
 * ```ts
 * const counter = new Mutex(0)
 * const bump = gen(function* () {
 *   using g = yield* counter.lock()
 *   yield* sleep(1)                 // hold the lock across an await
 *   g.value += 1
 * })
 * ```
 */
export class Mutex<T> {
  readonly #lock = new FairPermits(1)
  readonly #cell: Cell<T>

  constructor(value: T) {
    this.#cell = { value }
  }

  /** True while some guard holds the lock (or it is being handed to a waiter). */
  get locked(): boolean {
    return this.#lock.available === 0
  }

  /**
   * A future of the guard. It joins the queue at its first poll.
   * @remarks Cancel safety: cancelling a waiting `lock()` removes it in O(1); if the lock
   * had already been handed to it, it is passed to the next waiter — the wake is never
   * lost (the lost-wake bug class of other runtimes).
   */
  lock(): Pollable<MutexGuard<T>, never> {
    const l = this.#lock
    // a Mutex has no close(): its permits are never closed, so the lock cannot fail
    return new Acquire<MutexGuard<T>, never>(l, 1, () => new MutexGuard(l, this.#cell), "Mutex.lock()")
  }

  /** The guard now if the lock is free and nobody waits, else `undefined`. */
  tryLock(): MutexGuard<T> | undefined {
    return this.#lock.tryTake(1) ? new MutexGuard(this.#lock, this.#cell) : undefined
  }
}
