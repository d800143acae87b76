import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import type { StreamBase } from "./stream-base.js"
import { FuturePool } from "./future-pool.js"
import type { Member } from "../scope/group.js"
import { checkCount, checkStream } from "../internal/check.js"

/** @internal Up to `n` futures from `source` in flight; items in completion order. */
class BufferUnordered<T, E> extends FuturePool<T, E, undefined> {
  #out: { ok: true; v: T } | { ok: false; e: unknown } | undefined

  protected get inUse(): number {
    return this.group.live
  }

  protected slot(): undefined {
    return undefined
  }

  /** @internal */
  ready(_m: Member<undefined>, v: unknown): boolean {
    this.#out = { ok: true, v: v as T }
    return true // one item per pollNext; the rest stay queued
  }

  /** @internal */
  failed(_m: Member<undefined>, e: unknown): boolean {
    this.#out = { ok: false, e }
    return true
  }

  protected step(cx: Context): Poll<T | typeof Done> {
    const g = this.group
    this.fill(cx)
    // poll each woken member at most once
    g.pass(cx, this)
    const out = this.#out
    if (out !== undefined) {
      this.#out = undefined
      if (out.ok) return out.v
      throw out.e
    }
    if (this.sourceDone && g.live === 0) return Done
    if (g.hasReady) cx.waker.wake() // woken during the pass: next turn (rule 5)
    return Pending
  }
}

/**
 * Run up to `n` of the futures that `source` yields at a time and emit their values in
 * **completion order** (futures-rs `buffer_unordered`). A new future is pulled from `source`
 * whenever fewer than `n` are in flight.
 *
 * - Each in-flight future is polled at most once per `pollNext`, and only when its own waker
 *   fired (a wake of one among many costs one poll).
 * - The first failure (of a future or of `source`) fails the stream and cancels every
 *   future still in flight and `source`.
 *
 * @remarks Cancel safety: cancelling the stream cancels every in-flight future (newest
 * first) and `source`, at once.
 * @throws InvalidArgument when `n` is not an integer >= 1 (at call time), or when `source`
 * yields something that is not a future (at poll).
 */
export function bufferUnordered<T, E, ES = E>(source: Stream<Future<T, E>, ES>, n: number): StreamBase<T, E | ES> {
  checkStream("bufferUnordered(source, n)", source)
  checkCount("bufferUnordered(source, n)", n, 1)
  return new BufferUnordered<T, E | ES>(source as Stream<Future<T, E | ES>, E | ES>, n, "bufferUnordered")
}
