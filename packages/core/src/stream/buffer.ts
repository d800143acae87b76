import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkCount } from "./internal.js"
import { StreamBase } from "./stream-base.js"

const WAITING: unique symbol = Symbol("waiting")

interface InFlight<T, E> {
  future: Future<T, E> | undefined
  value: T | typeof WAITING
}

class Buffer<T, E, E2> extends StreamBase<T, E | E2> {
  readonly #q: InFlight<T, E2>[] = []
  #sourceDone = false
  constructor(
    readonly source: Stream<Future<T, E2>, E>,
    readonly n: number,
  ) {
    super()
  }
  get label(): string {
    return `buffer(${String(this.source)}, ${this.n})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const q = this.#q
    while (!this.#sourceDone && q.length < this.n) {
      const r = this.source.pollNext(cx)
      if (r === Pending) break
      if (r === Done) this.#sourceDone = true
      else q.push({ future: r as Future<T, E2>, value: WAITING })
    }
    for (const slot of q) {
      const f = slot.future
      if (f === undefined) continue
      let r: Poll<T>
      try {
        r = f.poll(cx)
      } catch (e) {
        slot.future = undefined
        this.#cancelAll()
        throw e
      }
      if (r !== Pending) {
        slot.future = undefined
        slot.value = r as T
      }
    }
    const head = q[0]
    if (head !== undefined && head.value !== WAITING) {
      q.shift()
      // Room freed: make sure the source is polled again to refill.
      if (!this.#sourceDone) cx.waker.wake()
      return head.value
    }
    if (head === undefined && this.#sourceDone) return Done
    return Pending
  }
  #cancelAll(): void {
    for (const slot of this.#q) slot.future?.cancel()
    this.#q.length = 0
    if (!this.#sourceDone) {
      this.#sourceDone = true
      this.source.cancel()
    }
  }
  protected onCancel(): void {
    this.#cancelAll()
  }
}

/**
 * Run the futures that `source` yields, at most `n` at a time, and yield their results in
 * the order of `source` (futures-rs `buffered`). A failure of `source` or of any future
 * cancels the rest and fails the stream.
 * @throws InvalidArgument when `n` is not an integer >= 1.
 * @remarks Cancel safety: cancelling cancels `source` and every future in flight (their
 * results are lost). Cancelling a `next()` loses nothing: finished results wait in order.
 */
export const buffer = <T, E, E2>(source: Stream<Future<T, E2>, E>, n: number): StreamBase<T, E | E2> =>
  new Buffer(source, checkCount("stream.buffer(source, n)", n, 1))
