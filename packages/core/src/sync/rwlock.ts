import type { FutureBase } from "../future-base.js"
import { Acquire, FairPermits } from "./fair-permits.js"
import { LockGuard, type Cell } from "./guard.js"

/** A reader takes one permit, a writer all of them: at most this many readers at once. */
const MAX_READERS = 2 ** 30

/** Shared read access to an {@link RwLock}'s value; release with `release()` or `using`. */
export class RwLockReadGuard<T> extends LockGuard<T> {
  /** @internal */
  constructor(lock: FairPermits, cell: Cell<T>) {
    super(lock, cell, 1, "RwLockReadGuard.value")
  }
  /** The protected value (read-only through this guard). @throws UseAfterRelease after `release()`. */
  get value(): T {
    return this.read()
  }
}

/** Exclusive write access to an {@link RwLock}'s value; release with `release()` or `using`. */
export class RwLockWriteGuard<T> extends LockGuard<T> {
  /** @internal */
  constructor(lock: FairPermits, cell: Cell<T>) {
    super(lock, cell, MAX_READERS, "RwLockWriteGuard.value")
  }
  /** The protected value; assign to replace it. @throws UseAfterRelease after `release()`. */
  get value(): T {
    return this.read()
  }
  set value(v: T) {
    this.write(v)
  }
}

/**
 * A reader-writer lock around a value: many readers at once, or one writer.
 *
 * **Fair (FIFO), like tokio's `RwLock`.** Requests are served in the order they first polled.
 * A waiting writer holds back every reader that arrives after it, so a stream of readers
 * cannot starve a writer; and readers queued before a writer go first, so writers cannot
 * starve readers either. Readers that queue up together are admitted together.
 *
 * @remarks Cancel safety: cancelling a waiting `read()`/`write()` removes it in O(1); if the
 * access had already been handed to it, it is passed on — no wake is lost.
 * @example
 * ```ts
 * const routes = new RwLock(new Map<string, string>())
 * const lookup = (k: string) => gen(function* () {
 *   using r = yield* routes.read()          // many lookups at once
 *   return r.value.get(k)
 * })
 * const update = (k: string, v: string) => gen(function* () {
 *   using w = yield* routes.write()         // alone; readers wait
 *   w.value.set(k, v)
 * })
 * ```
 */
export class RwLock<T> {
  readonly #lock = new FairPermits(MAX_READERS)
  readonly #cell: Cell<T>
  constructor(value: T) {
    this.#cell = { value }
  }
  /** Readers holding the lock now (0 when free or write-locked). */
  get readers(): number {
    const a = this.#lock.available
    return a === 0 ? 0 : MAX_READERS - a
  }
  /** True while a writer holds the lock (or it is being handed to one). */
  get writeLocked(): boolean {
    return this.#lock.available === 0
  }
  /** A future of shared read access. @remarks Cancel safety: see {@link RwLock}. */
  read(): FutureBase<RwLockReadGuard<T>, never> {
    const l = this.#lock
    // an RwLock is never closed: the acquire cannot fail
    return new Acquire(l, 1, () => new RwLockReadGuard(l, this.#cell), "RwLock.read()") as unknown as FutureBase<
      RwLockReadGuard<T>,
      never
    >
  }
  /** A future of exclusive write access. @remarks Cancel safety: see {@link RwLock}. */
  write(): FutureBase<RwLockWriteGuard<T>, never> {
    const l = this.#lock
    return new Acquire(
      l,
      MAX_READERS,
      () => new RwLockWriteGuard(l, this.#cell),
      "RwLock.write()",
    ) as unknown as FutureBase<RwLockWriteGuard<T>, never>
  }
  /** Read access now if no writer holds or waits for the lock, else `undefined`. */
  tryRead(): RwLockReadGuard<T> | undefined {
    return this.#lock.tryTake(1) ? new RwLockReadGuard(this.#lock, this.#cell) : undefined
  }
  /** Write access now if the lock is free and nobody waits, else `undefined`. */
  tryWrite(): RwLockWriteGuard<T> | undefined {
    return this.#lock.tryTake(MAX_READERS) ? new RwLockWriteGuard(this.#lock, this.#cell) : undefined
  }
}
