import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import type { StreamBase } from "./stream-base.js"
import { FuturePool } from "./future-pool.js"
import type { Member } from "../scope/group.js"
import { clearArray } from "../internal/clear-array.js"
import { checkCount, checkStream } from "../internal/check.js"

/** One in-flight future's slot in the output order. @internal */
interface Slot {
  result: { v: unknown } | undefined
}

/** @internal Up to `n` futures from `source` in flight; items in source order. */
class Buffered<T, E> extends FuturePool<T, E, Slot> {
  #slots: Slot[] = []
  #head = 0
  #failure: { e: unknown } | undefined

  protected get inUse(): number {
    return this.#slots.length - this.#head
  }

  protected slot(): Slot {
    const slot: Slot = { result: undefined }
    this.#slots.push(slot)
    return slot
  }

  /** @internal */
  ready(m: Member<Slot>, v: unknown): void {
    m.owner.result = { v }
  }

  /** @internal */
  failed(_m: Member<Slot>, e: unknown): boolean {
    this.#failure = { e }
    return true // fail fast: no need to poll the others
  }

  protected step(cx: Context): Poll<T | typeof Done> {
    const g = this.group
    this.fill(cx)
    g.pass(cx, this)
    if (this.#failure !== undefined) throw this.#failure.e
    const head = this.#slots[this.#head]
    if (head?.result !== undefined) {
      this.#slots[this.#head++] = undefined as unknown as Slot
      if (this.#head === this.#slots.length) {
        clearArray(this.#slots)
        this.#head = 0
      } else if (this.#head > 1024) {
        this.#slots.splice(0, this.#head)
        this.#head = 0
      }
      return (head.result as { v: T }).v
    }
    if (head === undefined && this.sourceDone) return Done
    if (g.hasReady) cx.waker.wake()
    return Pending
  }

  protected override reset(): void {
    this.#slots = []
    this.#head = 0
  }
}

/**
 * Run up to `n` of the futures that `source` yields at a time and emit their values in
 * **source order** (futures-rs `buffered`). A finished future waits in its slot until the
 * ones before it are emitted; a slot counts against `n` until it is emitted.
 *
 * - Each in-flight future is polled at most once per `pollNext`, only when its waker fired.
 * - Fail-fast: the first failure (of a future or of `source`) fails the stream as soon as
 *   it happens — it does not wait for its turn — and cancels every future still in flight
 *   and `source`; finished values not yet emitted are dropped.
 *
 * @remarks Cancel safety: cancelling the stream cancels every in-flight future (newest
 * first) and `source`, at once.
 * @throws InvalidArgument when `n` is not an integer >= 1 (at call time), or when `source`
 * yields something that is not a future (at poll).
 */
export function buffered<T, E, ES = E>(source: Stream<Future<T, E>, ES>, n: number): StreamBase<T, E | ES> {
  checkStream("buffered(source, n)", source)
  checkCount("buffered(source, n)", n, 1)
  return new Buffered<T, E | ES>(source as Stream<Future<T, E | ES>, E | ES>, n, "buffered")
}
