import type { Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { OneSource } from "./one-source.js"

/** A stream that keeps answering `Done` after it ended (see {@link fuse}). */
export class FusedStream<T, E> extends OneSource<T, T, E> {
  #ended = false
  get label(): string {
    return `fuse(${String(this.source)})`
  }
  /** True once the source returned `Done`. */
  get isTerminated(): boolean {
    return this.#ended
  }
  override pollNext(cx: Context): Poll<T | typeof Done> {
    if (this.#ended) return Done
    return super.pollNext(cx)
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const r = this.source.pollNext(cx)
    if (r === Done) this.#ended = true
    return r
  }
}

/**
 * Make `source` safe to poll after it ended (futures' `StreamExt::fuse`): every poll after
 * `Done` returns `Done` again instead of throwing `PollAfterReady`. Useful in a `select` loop
 * that keeps polling a stream that may already have ended. A failure is still final.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export const fuse = <T, E>(source: Stream<T, E>): FusedStream<T, E> => new FusedStream(source)
