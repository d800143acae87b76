import type { Future } from "./contracts/future.js"
import { Pending, type Poll } from "./contracts/poll.js"
import type { Context } from "./contracts/waker.js"
import { PollAfterReady } from "./errors.js"

/**
 * The generator driver currently resuming its generator (set by `gen` only for the length of
 * one `it.next()` / `it.throw()`), so that `yield*` can poll a future in place.
 * @internal
 */
export interface InlineDriver {
  /** The context the driver's own poll was given: the one the awaited future is polled with. */
  readonly cx: Context
  /** True once the driver was cancelled (possibly by the future it just polled). */
  readonly terminated: boolean
  /** The future a `yield*` polled in place and found pending: the driver must not poll it again. */
  inlined: Future<unknown, unknown> | undefined
}

/** @internal */
export const ambient: { driver: InlineDriver | undefined } = { driver: undefined }

/**
 * The iterator that makes every core future usable with `yield*` inside `gen`.
 *
 * Inside a running `gen`, its first `next()` polls the future right there with the gen's
 * context: a future that is ready gives its value to the `yield*` at once, without the
 * generator suspending and the driver resuming it (the common "ready step" costs one poll).
 * A pending future is yielded to the driver, which records that it was already polled.
 * Anywhere else it yields the future once and returns what the driver sends back.
 *
 * It is also its own iterator result (`yield*` reads `done`/`value` before resuming it), so
 * one small object per `yield*` is all that is allocated.
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
      const d = ambient.driver
      if (d !== undefined) {
        const future = this.value as Future<T, unknown>
        // recorded before the poll, so a cancel of the driver during it reaches the future
        d.inlined = future as Future<unknown, unknown>
        // no driver is "resuming" while the future runs: a gen it polls sets its own
        ambient.driver = undefined
        let r: Poll<T>
        try {
          r = future.poll(d.cx)
        } catch (e) {
          ambient.driver = d
          d.inlined = undefined
          // cancelled meanwhile: stop here rather than run the body's catch blocks
          if (d.terminated) return this
          throw e
        }
        ambient.driver = d
        // cancelled by what it polled: yield, so the driver stops the generator here
        if (d.terminated) return this
        if (r !== (Pending as unknown)) {
          d.inlined = undefined
          this.done = true
          this.value = r
          return this
        }
        // pending: yielded to the driver, which finds it in `inlined` and waits for a wake
      }
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
