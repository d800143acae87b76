import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class Enumerate<T, E> extends OneSource<T, [index: number, item: T], E> {
  #i = 0
  get label(): string {
    return `enumerate(${String(this.source)})`
  }
  protected step(cx: Context): Poll<[number, T] | typeof Done> {
    const r = this.source.pollNext(cx)
    if (r === Pending) return Pending
    if (r === Done) return Done
    return [this.#i++, r as T]
  }
}

/**
 * Pair every item with its index: `[0, a], [1, b], …` (futures' `enumerate`).
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export const enumerate = <T, E>(source: Stream<T, E>): StreamBase<[index: number, item: T], E> => new Enumerate(source)
