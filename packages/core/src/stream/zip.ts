import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type ItemOf, type Stream, type StreamErrorOf } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkStream } from "../internal/check.js"
import { StreamBase } from "./stream-base.js"
import { cancelQuietly } from "../fault/teardown.js"

const EMPTY: unique symbol = Symbol("empty")

class Zip<T, E> extends StreamBase<T[], E> {
  readonly #sources: Stream<T, E>[]
  readonly #held: (T | typeof EMPTY)[]
  constructor(sources: readonly Stream<T, E>[]) {
    super()
    this.#sources = sources.slice()
    this.#held = sources.map(() => EMPTY)
  }
  get label(): string {
    return `zip(${this.#sources.length} streams)`
  }
  protected step(cx: Context): Poll<T[] | typeof Done> {
    const held = this.#held
    let missing = 0
    for (let i = 0; i < held.length; i++) {
      if (held[i] !== EMPTY) continue
      let r: Poll<T | typeof Done>
      try {
        r = this.#sources[i]!.pollNext(cx)
      } catch (e) {
        this.#cancelExcept(i)
        throw e
      }
      if (r === Done) {
        this.#cancelExcept(i)
        return Done
      }
      if (r === Pending) missing++
      else held[i] = r as T
    }
    if (missing > 0) return Pending
    const out = held.slice() as T[]
    held.fill(EMPTY)
    return out
  }
  #cancelExcept(j: number): void {
    this.#held.fill(EMPTY)
    for (let i = 0; i < this.#sources.length; i++) if (i !== j) cancelQuietly(this.#sources[i]!)
  }
  protected override onDropWaker(waker: Waker): void {
    for (const s of this.#sources) s.dropWaker?.(waker)
  }
  protected onCancel(): void {
    this.#cancelExcept(-1)
  }
}

/**
 * Tuples of the n-th items of each stream; ends (cancelling the others) as soon as any
 * stream ends. Items already taken from the other streams for an unfinished tuple are
 * dropped then.
 * @throws InvalidArgument when no stream is given.
 * @remarks Cancel safety: cancelling cancels every source; items held for an unfinished
 * tuple are dropped. Cancelling a `next()` loses nothing: held items wait for the next poll.
 */
export const zip = <const Ss extends readonly Stream<any, any>[]>(
  ...streams: Ss
): StreamBase<{ -readonly [K in keyof Ss]: ItemOf<Ss[K]> }, StreamErrorOf<Ss[number]>> => {
  if (streams.length === 0) throw new InvalidArgument("stream.zip()", "no streams given", "pass at least one stream")
  streams.forEach((s, i) => checkStream(`stream.zip(): stream #${i}`, s))
  return new Zip(streams) as any
}
