import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../internal/dispose.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { PollAfterReady } from "../errors.js"
import { FutureBase } from "../future-base.js"
import { teardownFault } from "../fault/teardown.js"
import { CANCELLED, COMPLETED, type LifeState, RUNNING } from "../internal/state.js"
import type { WaitDescription } from "../introspect/describe-wait.js"

/**
 * Base class of core's streams. Subclasses implement `label`, `step(cx)` and `onCancel()`;
 * the base enforces rule 3 (a poll after `Done`, a throw or `cancel()` throws
 * `PollAfterReady`) and provides {@link StreamBase.next}.
 *
 * @example
 * Consuming a stream inside `gen`:
 * ```ts
 * const total = gen(function* () {
 *   let sum = 0
 *   for (let x; (x = yield* s.next()) !== Done; ) sum += x
 *   return sum
 * })
 * ```
 * or, with a body that itself awaits: `yield* stream.forEach(s, (x) => sleep(x))`.
 *
 * @example A hand-written stream
 * ```ts
 * class Countdown extends StreamBase<number> {
 *   #n: number
 *   constructor(n: number) { super(); this.#n = n }
 *   get label() { return "countdown" }
 *   protected step() { return this.#n > 0 ? this.#n-- : Done }
 *   protected onCancel() {}
 * }
 * ```
 */
export abstract class StreamBase<T, E = never> implements Stream<T, E> {
  declare readonly "~error"?: E | undefined
  /** {@link RUNNING}; {@link COMPLETED} once it ended (`Done` or a fatal throw); {@link CANCELLED}. */
  protected state: LifeState = RUNNING

  /** A label used in error messages, e.g. `interval(100)`. */
  abstract get label(): string

  /** Produce the next item, `Done`, or `Pending` after registering `cx.waker`. */
  protected abstract step(cx: Context): Poll<T | typeof Done>
  /** Release everything the stream registered (called once, by `cancel()`). */
  protected abstract onCancel(): void

  /**
   * Whether a throw from `step` ends the stream. Default: yes. A stream whose errors are
   * recoverable (e.g. a broadcast receiver's `Lagged`) overrides this and documents it.
   */
  protected isFatal(_error: unknown): boolean {
    return true
  }

  pollNext(cx: Context): Poll<T | typeof Done> {
    if (this.state !== RUNNING)
      throw new PollAfterReady(this.label, this.state === COMPLETED ? "completed" : "cancelled")
    let r: Poll<T | typeof Done>
    try {
      r = this.step(cx)
    } catch (e) {
      if (this.isFatal(e)) {
        this.state = COMPLETED
        this.onFinish()
      }
      throw e
    }
    if (r === Done) {
      this.state = COMPLETED
      this.onFinish()
    }
    return r
  }

  /** Called once when the stream returned `Done` or threw a fatal error. Default: nothing. */
  protected onFinish(): void {}

  /** Abandon the stream (rule 4). Idempotent; never throws (rule 8, as `FutureBase.cancel`). */
  cancel(): void {
    if (this.state !== RUNNING) return
    this.state = CANCELLED
    try {
      this.onCancel()
    } catch (e) {
      teardownFault(e, `cancelling ${this.label}`)
    }
  }

  /** {@link cancel}, for `using`: a stream bound with `using` is cancelled at the end of the block. */
  [disposeSymbol](): void {
    this.cancel()
  }

  /**
   * Forget what the latest poll registered for `waker` (see `Stream.dropWaker`); called by a
   * cancelled `next()`. Does nothing once the stream ended.
   */
  dropWaker(waker: Waker): void {
    if (this.state === RUNNING) this.onDropWaker(waker)
  }

  /**
   * Release the registrations made for `waker` — only if it is still the registered one —
   * and forward to the sources polled with it. Keep every item. Default: nothing (right
   * for a stream that never returns `Pending` by itself or stores no waker).
   */
  protected onDropWaker(_waker: Waker): void {}

  /** True once the stream returned `Done`, threw, or was cancelled. */
  get terminated(): boolean {
    return this.state !== RUNNING
  }

  /**
   * A future of the next item, or `Done` when the stream has ended.
   * @remarks Cancel safety: cancelling the returned future does not cancel the stream and
   * loses no item — an item is taken from the stream only in the poll that returns it. It
   * leaves nothing registered for it (rule 4): the stream's `dropWaker` releases the timers
   * armed to wake it, and the stream never held the caller's waker (see `Stream.dropWaker`).
   */
  next(): Pollable<T | typeof Done, E> {
    return new Next<T, E>(this)
  }

  toString(): string {
    return this.label
  }
}

/**
 * @internal The future of a stream's next item.
 *
 * It polls the stream with itself as the `Context`: its waker forwards to the waker of its
 * own latest poll, and stops forwarding once it returned or was cancelled. So a stream never
 * holds the consumer's waker past a cancelled `next()`, and cancelling calls the stream's
 * `dropWaker(this)` to release the rest (timers armed for it). Two `next()`s pending on one
 * stream have two distinct wakers, so dropping one never drops the other.
 */
export class Next<T, E> extends FutureBase<T | typeof Done, E> implements Context, Waker {
  #cx: Context | undefined
  /** The waker of the latest poll, read during it (a context's waker may differ later). */
  #parent: Waker | undefined
  constructor(readonly stream: Stream<T, E>) {
    super()
  }
  get label(): string {
    return `next(${String(this.stream)})`
  }
  /** The stream it waits on (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return [this.stream]
  }
  /** @internal */
  get waker(): Waker {
    return this
  }
  /** @internal */
  get timer(): Timer | undefined {
    return this.#cx?.timer
  }
  /** @internal */
  get spawner(): Spawner | undefined {
    return this.#cx?.spawner
  }
  /** @internal Forwards to the waker of the latest pending poll; nothing after the end. */
  wake(): void {
    this.#parent?.wake()
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    this.#cx = cx
    this.#parent = cx.waker
    let r: Poll<T | typeof Done>
    try {
      r = this.stream.pollNext(this)
    } catch (e) {
      this.#cx = this.#parent = undefined
      throw e
    }
    if (r !== Pending) this.#cx = this.#parent = undefined
    return r
  }
  protected onCancel(): void {
    if (this.#cx === undefined) return
    this.#cx = this.#parent = undefined
    this.stream.dropWaker?.(this)
  }
}
