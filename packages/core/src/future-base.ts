import type { Future, Pollable } from "./contracts/future.js"
import { Pending, type Poll } from "./contracts/poll.js"
import type { Context } from "./contracts/waker.js"
import { PollAfterReady } from "./errors.js"
import { teardownFault } from "./fault/teardown.js"
import { CANCELLED, COMPLETED, type LifeState, RUNNING } from "./internal/state.js"

/**
 * Where `yield*` learns whether a gen's body is what calls it (a gen resuming its generator),
 * as numbers only. `mark` is the value `cancels` had when the running body was resumed, or
 * {@link NOT_IN_BODY}; `cancels` counts gen cancellations. A body is "running and not
 * cancelled" while the two are equal — a cancel anywhere meanwhile sends the body's next
 * `yield*`s to its driver, which sees the cancel (cancels during a body's run are rare, and
 * the driver's path is always correct).
 *
 * No object is stored here on purpose: this object lives as long as the program, a gen is
 * short-lived, and every store of a young object into an old one runs V8's generational
 * write barrier — measured at ~8 ns a store on Node 24, several per task.
 * @internal
 */
const body = { mark: -1, cancels: 0 }

/** {@link body}'s `mark` outside any gen's body. */
const NOT_IN_BODY = -1

/** True when the code running is a gen's body, resumed by its driver and not cancelled since. @internal */
export const inBody = (): boolean => body.mark === body.cancels

/** A gen is about to resume its generator. @internal */
export const enterBody = (): void => {
  body.mark = body.cancels
}

/** Code that is no gen's body runs from here on; returns the mark to restore after it. @internal */
export const leaveBody = (): number => {
  const m = body.mark
  body.mark = NOT_IN_BODY
  return m
}

/**
 * {@link leaveBody} for the start of a gen's poll, which is hardly ever called from a body:
 * it writes only then. @internal
 */
export const leaveCaller = (): number => {
  const m = body.mark
  if (m !== NOT_IN_BODY) body.mark = NOT_IN_BODY
  return m
}

/**
 * Back to the caller's `mark` after a gen's poll that returned (its driver left the body after
 * each resumption, so the mark is "no body"): writes only when the caller was a body. @internal
 */
export const returnToCaller = (mark: number): void => {
  if (mark !== NOT_IN_BODY) body.mark = mark
}

/** Restore what {@link leaveBody} returned. @internal */
export const restoreBody = (mark: number): void => {
  body.mark = mark
}

/** A gen was cancelled: whatever body runs takes no `yield*` shortcut until it is resumed again. @internal */
export const noteCancel = (): void => {
  // kept a small integer (wrapping long before 2^30 cancels would make it a heap number)
  body.cancels = (body.cancels + 1) & 0x3fffffff
}

/**
 * The iterator of `yield* future`: it yields the future once to whoever drives the generator
 * (a gen's driver polls it at once with its context) and returns what the driver sends back.
 * It is its own iterator result, and young: nothing long-lived is written per `yield*`.
 * @internal
 */
class YieldOnce<T> implements Iterator<Future<T, unknown>, T, any> {
  /**
   * A never-used instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances"):
   * one is made per `yield*` and dies with it; `null` while being made.
   */
  static #idle: YieldOnce<unknown> | null | undefined
  done: boolean
  value: any
  #started: boolean
  constructor(future: Future<T, unknown> | undefined) {
    this.done = false
    this.value = future
    this.#started = false
    if (YieldOnce.#idle === undefined) YieldOnce.#makeIdle()
  }
  /** Made by the first real construction; a call of its own keeps the constructor small enough to inline. */
  static #makeIdle(): void {
    YieldOnce.#idle = null
    YieldOnce.#idle = new YieldOnce(undefined)
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

/** The iterator behind `yield* future`. @internal */
export const iterateOnce = <T, E>(f: Future<T, E>): Iterator<Future<T, E>, T, any> =>
  new YieldOnce(f) as Iterator<Future<T, E>, T, any>

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
