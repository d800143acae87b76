import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { checkFunction } from "../errors.js"
import { StreamBase } from "./stream-base.js"

class Scan<T, A, E> extends StreamBase<A, E> {
  #acc: A
  constructor(
    readonly source: Stream<T, E>,
    init: A,
    readonly f: (acc: A, item: T) => A,
  ) {
    super()
    this.#acc = init
  }
  get label(): string {
    return `scan(${String(this.source)})`
  }
  protected step(cx: Context): Poll<A | typeof Done> {
    const r = this.source.pollNext(cx)
    if (r === Pending) return Pending
    if (r === Done) return Done
    return (this.#acc = this.f(this.#acc, r as T))
  }
  /** Done, or a throw of the callback or of `source`: release `source` too (rule 4). */
  protected override onFinish(): void {
    this.source.cancel()
  }
  protected override onDropWaker(waker: Waker): void {
    this.source.dropWaker?.(waker)
  }
  protected onCancel(): void {
    this.source.cancel()
  }
}

/**
 * Running accumulation: emits `f(acc, item)` for every item, starting from `init`.
 * @example `stream.scan(s, 0, (sum, x) => sum + x)` turns 1, 2, 3 into 1, 3, 6.
 * @throws InvalidArgument when `f` is not a function.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export function scan<T, A, E>(source: Stream<T, E>, init: A, f: (acc: A, item: T) => A): StreamBase<A, E> {
  checkFunction("stream.scan(source, init, f)", f)
  return new Scan(source, init, f)
}
