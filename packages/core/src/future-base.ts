import type { Future, Pollable } from "./contracts/future.js"
import { Pending, type Poll } from "./contracts/poll.js"
import type { Context } from "./contracts/waker.js"
import { PollAfterReady } from "./errors.js"
import { teardownFault } from "./fault/teardown.js"
import { CANCELLED, COMPLETED, type LifeState, RUNNING } from "./internal/state.js"

/**
 * A generator driver (a `gen`) whose poll is in progress: {@link ambient} holds the innermost
 * one for the length of its poll, and it says when its generator is running (`resuming`), so
 * that `yield*` can poll a future in place.
 * @internal
 */
export interface InlineDriver {
  /** The context the driver's own poll was given: the one the awaited future is polled with. */
  readonly cx: Context
  /**
   * True once the driver was cancelled (possibly by the future it just polled). Not "ended":
   * a driver polled re-entrantly from its own body (a gen awaiting itself) is marked done by
   * that failed poll while its body still runs, and must go on awaiting.
   */
  readonly cancelled: boolean
  /** The future a `yield*` polled in place and found pending: the driver must not poll it again. */
  inlined: Future<unknown, unknown> | undefined
  /** True while the driver's generator is suspended in a `yield*` on a pending future. */
  waiting: boolean
  /**
   * True while the driver's generator runs: from a resumption (`it.next()` / `it.throw()`)
   * to its next suspension, except while a `yield*` polls a future in place. Only then is a
   * `yield*` the body's own; any other code running during the driver's poll (the future
   * it polls, a generator that future drives by hand) must not poll in place with the
   * driver's context.
   */
  resuming: boolean
}

/**
 * The innermost gen whose poll is in progress, set for the whole poll, not around each
 * resumption: a gen is a young object and `ambient` a long-lived one, so every store of a
 * gen here passes V8's generational write barrier (measured at ~8 ns a store on Node 24). Whether
 * its body is what runs is the gen's own `resuming` flag, a store into the young gen.
 * @internal
 */
export const ambient: { driver: InlineDriver | undefined } = { driver: undefined }

/**
 * The iterator every `yield*` of a future gets inside a running `gen`. There is one for the
 * whole program: `yield*` reads `done`/`value` of each result at once, before anything else
 * can run, and each call reaches it while its driver is {@link ambient}'s and resuming — so
 * the state of a `yield*` lives in its driver
 * (`waiting`, `inlined`), and neither awaiting nor starting a gen allocates an iterator.
 *
 * Its first `next()` polls the future right there with the gen's context: a ready future
 * gives its value to the `yield*` at once, without the generator suspending and the driver
 * resuming it — a ready step costs one poll. A pending future is yielded to the driver, which
 * finds it in `inlined` (already polled, waker registered) and waits for a wake; the driver
 * then resumes the generator with the value, which the second `next(value)` returns.
 *
 * It is also its own iterator result.
 * @internal
 */
class InPlaceIterator implements Iterator<unknown, unknown, any> {
  done: boolean
  value: any
  constructor() {
    this.done = false
    this.value = undefined
  }
  /** Start a `yield*` of `future` (its driver is {@link ambient}'s). */
  arm(future: Future<unknown, unknown>): this {
    // a new `yield*` is never a resumption, even after an iterator the body drove by hand
    ambient.driver!.waiting = false
    this.done = false
    this.value = future
    return this
  }
  next(value?: any): IteratorResult<unknown, unknown> {
    const d = ambient.driver!
    if (d.waiting) {
      // resumed by the driver with the value of the future it polled to completion
      d.waiting = false
      this.done = true
      this.value = value
      return this
    }
    const future = this.value as Future<unknown, unknown>
    // cancelled by its own body (cancel() waits for the body to suspend): start nothing the
    // cancel can no longer reach — suspend, and the driver runs the finally blocks
    if (d.cancelled) return InPlaceIterator.#suspend(this, d, future)
    // recorded before the poll, so a cancel of the driver during it reaches the future
    d.inlined = future
    // the body is not what runs while the future does (a gen it polls sets itself ambient)
    d.resuming = false
    let r: unknown
    try {
      r = future.poll(d.cx)
    } catch (e) {
      d.resuming = true
      d.inlined = undefined
      // cancelled meanwhile: stop here rather than run the body's catch blocks
      if (!d.cancelled) throw e
      return InPlaceIterator.#suspend(this, d, future)
    }
    d.resuming = true
    if (r !== Pending && !d.cancelled) {
      d.inlined = undefined
      this.done = true
      this.value = r
      return this
    }
    // pending (or cancelled by what it polled): suspend the generator; the driver takes over
    return InPlaceIterator.#suspend(this, d, future)
  }
  /** Yield `future` to the driver (a gen that `future` polled may have used this iterator meanwhile). */
  static #suspend(it: InPlaceIterator, d: InlineDriver, future: Future<unknown, unknown>): InPlaceIterator {
    d.waiting = true
    it.done = false
    it.value = future
    return it
  }
  throw(e: unknown): never {
    const d = ambient.driver
    if (d !== undefined && d.resuming) d.waiting = false
    throw e
  }
  return(value?: any): IteratorResult<unknown, unknown> {
    // a generator is closed outside any resumption (its driver has ended, and with it the
    // `yield*` it waited in); inside one, it leaves its `yield*`
    const d = ambient.driver
    if (d !== undefined && d.resuming) d.waiting = false
    this.done = true
    this.value = value
    return this
  }
}

/** The one {@link InPlaceIterator}. */
const inPlace = new InPlaceIterator()

/**
 * The iterator a `yield*` gets for a future whose value is known before any poll (a ready
 * future inside a running gen): done at its first `next()`, with that value. One for the
 * whole program, like {@link inPlace}: `yield*` reads its result at once.
 * @internal
 */
class DoneIterator implements Iterator<unknown, unknown, any> {
  readonly done = true
  value: any = undefined
  next(): IteratorResult<unknown, unknown> {
    return this
  }
  return(value?: any): IteratorResult<unknown, unknown> {
    this.value = value
    return this
  }
  throw(e: unknown): never {
    throw e
  }
}

const done = new DoneIterator()

/**
 * The iterator of `yield*` on a future that already has its value `v`: the body gets `v`
 * at once, without the in-place poll. Only for a future that marked itself ended.
 * @internal
 */
export const iterateDone = (v: unknown): Iterator<never, any, any> => {
  done.value = v
  return done as Iterator<never, any, any>
}

/**
 * Forget the last value or future a `yield*` passed through the shared iterator: an ended
 * gen must not keep what its body awaited alive.
 * @internal
 */
export const releaseInPlace = (): void => {
  inPlace.value = undefined
  done.value = undefined
}

/**
 * The iterator of a future `yield*`ed outside a running `gen` (or in a cancelled gen's
 * `finally` blocks): it yields the future once and returns what the driver sends back.
 * It is its own iterator result.
 * @internal
 */
class YieldOnce<T> implements Iterator<Future<T, unknown>, T, any> {
  done: boolean
  value: any
  #started: boolean
  constructor(future: Future<T, unknown>) {
    this.done = false
    this.value = future
    this.#started = false
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

/** The iterator behind `yield* future`: in place inside a running gen, else yield-once. @internal */
export const iterateOnce = <T, E>(f: Future<T, E>): Iterator<Future<T, E>, T, any> => {
  const d = ambient.driver
  return (d !== undefined && d.resuming ? inPlace.arm(f as Future<unknown, unknown>) : new YieldOnce(f)) as Iterator<
    Future<T, E>,
    T,
    any
  >
}

/**
 * Base class of core's futures: `yield*`-able in `gen`, with rule 3 built in.
 *
 * Subclasses implement `step(cx)` and `onCancel()`; the base tracks completion so a
 * poll after ready or after cancel throws `PollAfterReady` naming the future.
 */
export abstract class FutureBase<T, E = never> implements Pollable<T, E> {
  /**
   * Phantom failure type (see {@link Future}). Declared as plain `E` (not `E | undefined`)
   * so that inference from a `FutureBase<T, never>` argument gives `E = never`, not `undefined`.
   */
  declare readonly "~error"?: E
  /** Phantom value type (see {@link Future}). */
  declare readonly "~value"?: T
  /** Where the future is in its life: {@link RUNNING}, {@link COMPLETED} or {@link CANCELLED}. */
  declare protected state: LifeState

  constructor() {
    // assigned here rather than as a field initializer: V8 (Node 20) runs class field
    // initializers as a separate call, which made constructing every future ~30% slower
    this.state = RUNNING
  }

  /** A label used in error messages, e.g. `sleep(100)`. */
  abstract get label(): string

  protected abstract step(cx: Context): Poll<T>
  protected abstract onCancel(): void

  poll(cx: Context): Poll<T> {
    if (this.state !== RUNNING)
      throw new PollAfterReady(this.label, this.state === COMPLETED ? "completed" : "cancelled")
    let r: Poll<T>
    try {
      r = this.step(cx)
    } catch (e) {
      this.state = COMPLETED
      throw e
    }
    if (r !== (Pending as unknown)) this.state = COMPLETED
    return r
  }

  /**
   * Abandon the future (rule 4). Idempotent, and never throws (rule 8): a teardown that
   * throws in `onCancel` is attached as `suppressed` to the error an enclosing combinator is
   * raising, or else reported with `reportFault`.
   */
  cancel(): void {
    if (this.state !== RUNNING) return
    this.state = CANCELLED
    try {
      this.onCancel()
    } catch (e) {
      teardownFault(e, `cancelling ${this.label}`)
    }
  }

  /** True once the future returned, threw or was cancelled. */
  get terminated(): boolean {
    return this.state !== RUNNING
  }

  [Symbol.iterator](): Iterator<Future<T, E>, T, any> {
    return iterateOnce(this)
  }

  toString(): string {
    return this.label
  }
}
