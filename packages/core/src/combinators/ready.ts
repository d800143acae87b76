import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { FutureBase, inBody, iterateOnce } from "../future-base.js"
import { COMPLETED, RUNNING } from "../internal/state.js"

/** The value of the idle `Ready`. */
const idleValue = {}

/** @internal */
class Ready<T> extends FutureBase<T, never> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Ready<unknown> | null | undefined
  constructor(readonly value: T) {
    super()
    // an object value: the field then holds any kind of value without a new map (see "Idle instances")
    if (Ready.#idle === undefined) {
      Ready.#idle = null
      Ready.#idle = new Ready<unknown>(idleValue)
    }
  }
  get label(): string {
    return "ready()"
  }
  /**
   * The whole poll written out (not `FutureBase.poll` calling `step`): the base class's call
   * of `step` is shared by every kind of future, a many-shaped call site, and a ready value
   * is awaited on the hottest paths.
   */
  override poll(cx: Context): Poll<T> {
    // ended or cancelled: the base class throws PollAfterReady
    if (this.state !== RUNNING) return super.poll(cx)
    const v = this.value
    if (v !== (Pending as unknown)) this.state = COMPLETED
    return v
  }
  /**
   * Inside a running gen's body, `yield* ready(v)` ends the future and hands `v` back to the
   * body directly: no suspension, no poll. A cancelled gen, a generator driven by hand and
   * an ended future take the general path (yield once to the driver, which polls it — or
   * throws PollAfterReady).
   */
  override [Symbol.iterator](): Iterator<Future<T, never>, T, any> {
    if (inBody() && this.state === RUNNING) {
      const v = this.value
      if (v !== (Pending as unknown)) {
        this.state = COMPLETED
        // its own iterator, done at once with `value` (see `next`): nothing shared holds `v`
        return this as unknown as Iterator<Future<T, never>, T, any>
      }
    }
    return iterateOnce(this)
  }
  /**
   * @internal As the iterator of the shortcut above, the first `next()` is its result: done
   * (`done` is on the prototype), with `value`.
   */
  next(): this {
    return this
  }
  /** @internal */
  declare readonly done: true
  static {
    // on the prototype, not in each instance: a ready future is made per await
    Object.defineProperty(Ready.prototype, "done", { value: true })
  }
  /** Unused: {@link Ready.poll} does the whole poll. */
  protected step(cx: Context): Poll<T> {
    return this.poll(cx)
  }
  protected onCancel(): void {}
}

/**
 * A future that completes with `value` at its first poll. It cannot fail (`E = never`).
 * @remarks Cancel safety: nothing to release.
 * @example
 * ```ts
 * const f = andThen(ready(2), (n) => ready(n * 21))   // 42
 * ```
 */
export const ready = <T = void>(value: T = undefined as T): Pollable<T, never> => new Ready(value)
