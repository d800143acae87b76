import type { Future } from "../contracts/future.js"
import { cancelQuietly } from "../fault/teardown.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { checkFuture } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { labelOf } from "../internal/label.js"

/** A future that returns `Pending` forever once its inner future finished, instead of throwing. */
export class Fuse<T, E> extends FutureBase<T, E> {
  #inner: Future<T, E> | undefined
  constructor(inner: Future<T, E>) {
    super()
    this.#inner = inner
  }
  get label(): string {
    return `fuse(${this.#inner === undefined ? "done" : labelOf(this.#inner)})`
  }
  /** True once the inner future finished (or the fuse was cancelled). */
  get isTerminated(): boolean {
    return this.#inner === undefined
  }
  /** Same as {@link Fuse.isTerminated}: `poll`/`cancel` are overridden, so the base state is unused. */
  override get terminated(): boolean {
    return this.#inner === undefined
  }
  override poll(cx: Context): Poll<T> {
    const f = this.#inner
    if (f === undefined) return Pending
    let r: Poll<T>
    try {
      r = f.poll(cx)
    } catch (e) {
      this.#inner = undefined
      throw e
    }
    if (r !== Pending) this.#inner = undefined
    return r
  }
  protected step(): Poll<T> {
    return Pending
  }
  override cancel(): void {
    const f = this.#inner
    this.#inner = undefined
    if (f !== undefined) cancelQuietly(f)
  }
  protected onCancel(): void {}
}

/**
 * Make polling after completion safe: the fused future returns `Pending` forever after
 * it finished or was cancelled (check `isTerminated`), instead of throwing
 * `PollAfterReady`. Useful in hand-written poll loops over several futures.
 * @remarks Cancel safety: cancels the inner future if it is still running.
 * @example
 * ```ts
 * const a = fuse(sleep(10))
 * // in a poll function: a.poll(cx) may be called on every pass, even after it completed
 * ```
 */
export const fuse = <T, E>(future: Future<T, E>): Fuse<T, E> => {
  checkFuture("fuse(future)", future)
  return new Fuse(future)
}
