import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"
import { checkCount, checkStream } from "../internal/check.js"

class Chunks<T, E> extends OneSource<T, T[], E> {
  #chunk: T[] = []
  #sourceDone = false
  constructor(
    source: Stream<T, E>,
    readonly n: number,
  ) {
    super(source)
  }
  get label(): string {
    return `chunks(${String(this.source)}, ${this.n})`
  }
  protected step(cx: Context): Poll<T[] | typeof Done> {
    if (this.#sourceDone) return Done
    for (;;) {
      const r = this.source.pollNext(cx)
      if (r === Pending) return Pending
      if (r === Done) {
        this.#sourceDone = true
        const last = this.#chunk
        this.#chunk = []
        return last.length > 0 ? last : Done
      }
      this.#chunk.push(r as T)
      if (this.#chunk.length === this.n) {
        const full = this.#chunk
        this.#chunk = []
        return full
      }
    }
  }
  protected override onCancel(): void {
    this.#chunk = []
    super.onCancel()
  }
}

/**
 * Arrays of `n` consecutive items; the last chunk may be shorter (never empty).
 * @throws InvalidArgument when `n` is not an integer >= 1.
 * @remarks Cancel safety: cancelling cancels `source` and drops the partial chunk.
 * Cancelling a `next()` loses nothing: the partial chunk is kept for the next poll.
 */
export const chunks = <T, E>(source: Stream<T, E>, n: number): StreamBase<T[], E> => {
  checkStream("stream.chunks(source, n)", source)
  return new Chunks(source, checkCount("stream.chunks(source, n)", n, 1))
}
