import { cancelQuietly } from "../fault/teardown.js"
import type { Poll } from "../contracts/poll.js"
import { Done, type ItemOf, type Stream, type StreamErrorOf } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { StreamBase } from "./stream-base.js"

class Concat<T, E> extends StreamBase<T, E> {
  readonly #streams: (Stream<T, E> | undefined)[]
  #i = 0
  constructor(streams: readonly Stream<T, E>[]) {
    super()
    this.#streams = streams.slice()
  }
  get label(): string {
    return `concat(${this.#streams.length} streams)`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const ss = this.#streams
    for (; this.#i < ss.length; this.#i++) {
      const s = ss[this.#i]!
      let r: Poll<T | typeof Done>
      try {
        r = s.pollNext(cx)
      } catch (e) {
        ss[this.#i] = undefined
        this.#cancelRest()
        throw e
      }
      if (r !== Done) return r
      ss[this.#i] = undefined
    }
    return Done
  }
  #cancelRest(): void {
    const ss = this.#streams
    for (let i = this.#i; i < ss.length; i++) {
      const s = ss[i]
      ss[i] = undefined
      if (s !== undefined) cancelQuietly(s, "a concatenated stream")
    }
  }
  protected override onDropWaker(waker: Waker): void {
    this.#streams[this.#i]?.dropWaker?.(waker)
  }
  protected onCancel(): void {
    this.#cancelRest()
  }
}

/**
 * The items of each stream in turn: all of the first, then all of the second, … (RxJS's
 * `concat`, futures' `chain` — also exported as `chain`). A stream is polled only once the
 * one before it ended; a failure fails the concatenation and cancels the streams not yet
 * finished.
 * @remarks Cancel safety: cancelling cancels the current stream and every later one (they
 * belong to the concatenation); like the current stream for `next()`.
 */
export const concat = <const Ss extends readonly Stream<any, any>[]>(
  ...streams: Ss
): StreamBase<ItemOf<Ss[number]>, StreamErrorOf<Ss[number]>> => new Concat(streams)

/** {@link concat} under futures' name. @remarks Cancel safety: as {@link concat}. */
export const chain = <const Ss extends readonly Stream<any, any>[]>(
  ...streams: Ss
): StreamBase<ItemOf<Ss[number]>, StreamErrorOf<Ss[number]>> => new Concat(streams)
