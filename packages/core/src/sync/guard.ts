import { disposeSymbol } from "../internal/dispose.js"
import { UseAfterRelease } from "./errors.js"
import type { FairPermits } from "./fair-permits.js"

/** The value a lock's guards share. */
export interface Cell<T> {
  value: T
}

/**
 * What every lock guard does: hold `n` permits of a lock until `release()` (or the end of a
 * `using` block), and give access to the shared value only while held.
 */
export abstract class LockGuard<T> {
  #lock: FairPermits | undefined
  readonly #cell: Cell<T>
  readonly #n: number
  readonly #what: string
  constructor(lock: FairPermits, cell: Cell<T>, n: number, what: string) {
    this.#lock = lock
    this.#cell = cell
    this.#n = n
    this.#what = what
  }
  /** The value, or `UseAfterRelease` once released. */
  protected read(): T {
    if (this.#lock === undefined) throw new UseAfterRelease(this.#what)
    return this.#cell.value
  }
  /** Replace the value, or `UseAfterRelease` once released. */
  protected write(v: T): void {
    if (this.#lock === undefined) throw new UseAfterRelease(this.#what)
    this.#cell.value = v
  }
  /** True until `release()`. */
  get held(): boolean {
    return this.#lock !== undefined
  }
  /** Give the access back; the next waiter in line gets it. Idempotent. */
  release(): void {
    const l = this.#lock
    if (l === undefined) return
    this.#lock = undefined
    l.release(this.#n)
  }
  /** {@link release}, for `using`. */
  [disposeSymbol](): void {
    this.release()
  }
}
