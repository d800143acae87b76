import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { FutureBase, iterateOnce } from "../future-base.js"
import { COMPLETED, RUNNING } from "../internal/state.js"

class YieldNow extends FutureBase<void, never> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: YieldNow | null | undefined
  #yielded: boolean
  /** Its own iterator result for `yield*` (see {@link YieldNow.next}). @internal */
  done: boolean
  /** @internal */
  value: unknown
  constructor() {
    super()
    this.#yielded = false
    this.done = false
    this.value = undefined
    if (YieldNow.#idle === undefined) YieldNow.#makeIdle()
  }
  /** Made by the first real construction; a call of its own keeps the constructor small enough to inline. */
  static #makeIdle(): void {
    YieldNow.#idle = null
    YieldNow.#idle = new YieldNow()
  }
  get label(): string {
    return "yieldNow()"
  }
  /**
   * The whole poll written out (not `FutureBase.poll` calling `step`): every task that
   * yields polls one twice, and the base class's call of `step` is shared by every kind of
   * future, so it is a slow, many-shaped call site.
   */
  override poll(cx: Context): Poll<void> {
    // ended or cancelled: the base class throws PollAfterReady
    if (this.state !== RUNNING) return super.poll(cx)
    if (this.#yielded) {
      this.state = COMPLETED
      return undefined
    }
    this.#yielded = true
    try {
      cx.waker.wake()
    } catch (e) {
      // as for any future whose poll throws: it has ended (rule 3)
      this.state = COMPLETED
      throw e
    }
    return Pending
  }
  /**
   * `yield* yieldNow()` iterates the future itself, with no iterator object: every task that
   * yields does this, and a yield needs nothing but "yield me once, then return what the
   * driver sends back".
   */
  override [Symbol.iterator](): Iterator<Future<void, never>, void, any> {
    // one `yield*` per future: a second one yields it to the driver the general way, whose
    // poll then throws PollAfterReady as for any future awaited twice
    if (this.done || this.value !== undefined) return iterateOnce(this)
    return this as unknown as Iterator<Future<void, never>, void, any>
  }
  /** @internal The first call yields the future; the next returns what the driver sent. */
  next(v?: unknown): this {
    if (this.value === undefined && !this.done) {
      this.value = this
      return this
    }
    this.done = true
    this.value = v
    return this
  }
  /** @internal */
  throw(e?: unknown): never {
    this.done = true
    this.value = undefined
    throw e
  }
  /** @internal */
  return(v?: unknown): this {
    this.done = true
    this.value = v
    return this
  }
  /** Unused: {@link YieldNow.poll} does the whole poll. */
  protected step(cx: Context): Poll<void> {
    return this.poll(cx)
  }
  protected onCancel(): void {}
}

/**
 * Give other tasks a turn: pending once (with a self-wake), ready at the next poll. The
 * executor puts the task behind the others already queued (rule 5).
 * @remarks Cancel safety: nothing to release.
 * @example
 * ```ts
 * gen(function* () { for (const item of bigList) { work(item); yield* yieldNow() } })
 * ```
 */
export const yieldNow = (): Pollable<void, never> => new YieldNow()
