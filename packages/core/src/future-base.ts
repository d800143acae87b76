import type { Future } from "./contracts/future.js"
import { Pending, type Poll } from "./contracts/poll.js"
import type { Context } from "./contracts/waker.js"
import { PollAfterReady } from "./errors.js"

/**
 * The iterator that makes every core future usable with `yield*` inside `gen`: it yields
 * the future once and returns what the driver sends back. It is also its own iterator
 * result (`yield*` reads `done`/`value` before resuming it), so one small object per
 * `yield*` is all that is allocated.
 * @internal
 */
class YieldOnce<T> implements Iterator<Future<T, unknown>, T, any> {
  done = false
  value: any
  #started = false
  constructor(future: Future<T, unknown>) {
    this.value = future
  }
  next(value?: any): IteratorResult<Future<T, unknown>, T> {
    if (!this.#started) {
      this.#started = true
      return this
    }
    this.done = true
    this.value = value
    return this
  }
  throw(e: unknown): never {
    throw e
  }
  return(value?: any): IteratorResult<Future<T, unknown>, T> {
    this.#started = true
    this.done = true
    this.value = value
    return this
  }
}

/** @internal */
export const iterateOnce = <T, E>(f: Future<T, E>): Iterator<Future<T, E>, T, any> =>
  new YieldOnce(f) as Iterator<Future<T, E>, T, any>

/**
 * Base class of core's futures: `yield*`-able in `gen`, with rule 3 built in.
 *
 * Subclasses implement `step(cx)` and `onCancel()`; the base tracks completion so a
 * poll after ready or after cancel throws `PollAfterReady` naming the future.
 */
export abstract class FutureBase<T, E = never> implements Future<T, E> {
  /**
   * Phantom failure type (see {@link Future}). Declared as plain `E` (not `E | undefined`)
   * so that inference from a `FutureBase<T, never>` argument gives `E = never`, not `undefined`.
   */
  declare readonly "~error"?: E
  /** 0 = running, 1 = completed, 2 = cancelled */
  protected declare state: 0 | 1 | 2

  constructor() {
    // assigned here rather than as a field initializer: V8 (Node 20) runs class field
    // initializers as a separate call, which made constructing every future ~30% slower
    this.state = 0
  }

  /** A label used in error messages, e.g. `sleep(100)`. */
  abstract get label(): string

  protected abstract step(cx: Context): Poll<T>
  protected abstract onCancel(): void

  poll(cx: Context): Poll<T> {
    if (this.state !== 0) throw new PollAfterReady(this.label, this.state === 1 ? "completed" : "cancelled")
    let r: Poll<T>
    try {
      r = this.step(cx)
    } catch (e) {
      this.state = 1
      throw e
    }
    if (r !== (Pending as unknown)) this.state = 1
    return r
  }

  cancel(): void {
    if (this.state !== 0) return
    this.state = 2
    this.onCancel()
  }

  /** True once the future returned, threw or was cancelled. */
  get terminated(): boolean {
    return this.state !== 0
  }

  [Symbol.iterator](): Iterator<Future<T, E>, T, any> {
    return iterateOnce(this)
  }

  toString(): string {
    return this.label
  }
}
