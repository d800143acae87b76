import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { ListWait, WaitList } from "./wait-list.js"

type Settled<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

/**
 * A value set once and awaited by any number of futures (Effect's `Deferred`, a `oneshot`
 * many can await): `resolve(v)` or `reject(e)` completes it, and every `wait()` — before or
 * after — gets that value or throws that error.
 *
 * @remarks Cancel safety: cancelling a `wait()` only unlinks it (O(1)); it takes nothing
 * from the others. Rule 8: a waiter's `wake()` that throws is reported, the others are still
 * woken.
 * @example
 * ```ts
 * const config = new Deferred<Config, LoadError>()
 * const a = gen(function* () { return (yield* config.wait()).port })   // any number of waiters
 * config.resolve(loaded)                                               // wakes them all
 * ```
 */
export class Deferred<T, E = never> {
  #settled: Settled<T, E> | undefined
  /** @internal */ readonly waiters = new WaitList()

  /** True once resolved or rejected. */
  get isDone(): boolean {
    return this.#settled !== undefined
  }

  /** Waits currently registered. */
  get waiting(): number {
    return this.waiters.length
  }

  /** Complete with `value` and wake every waiter. Returns false (and changes nothing) when already done. */
  resolve(value: T): boolean {
    return this.#settle({ ok: true, value })
  }

  /** Fail with `error` and wake every waiter. Returns false (and changes nothing) when already done. */
  reject(error: E): boolean {
    return this.#settle({ ok: false, error })
  }

  /** The value now: the value, `Pending` while not done; throws the error when rejected. */
  peek(): Poll<T> {
    const s = this.#settled
    if (s === undefined) return Pending
    if (s.ok) return s.value
    throw s.error
  }

  /**
   * A future of the value (or the error) — as many as you like, each its own waiter.
   * @remarks Cancel safety: cancelling only removes this waiter.
   */
  wait(): Pollable<T, E> {
    return new DeferredWait(this)
  }

  #settle(s: Settled<T, E>): boolean {
    if (this.#settled !== undefined) return false
    this.#settled = s
    this.waiters.wakeAll("Deferred")
    return true
  }
}

class DeferredWait<T, E> extends ListWait<T, E> {
  constructor(readonly deferred: Deferred<T, E>) {
    super(deferred.waiters)
  }
  get label(): string {
    return "Deferred.wait()"
  }
  protected check(): Poll<T> {
    return this.deferred.peek()
  }
}
