import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFuture, checkStream } from "../internal/check.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"
import { cancelQuietly, cancelWith } from "../fault/teardown.js"

class TakeUntil<T, E, E2> extends OneSource<T, T, E | E2> {
  #stop: Future<unknown, E2> | undefined
  constructor(source: Stream<T, E>, stop: Future<unknown, E2>) {
    super(source)
    this.#stop = stop
  }
  get label(): string {
    return `takeUntil(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const stop = this.#stop
    if (stop !== undefined) {
      let s: unknown
      try {
        s = stop.poll(cx)
      } catch (e) {
        this.#stop = undefined
        throw cancelWith(this.source, e)
      }
      if (s !== Pending) {
        this.#stop = undefined
        cancelQuietly(this.source)
        return Done
      }
    }
    const r = this.source.pollNext(cx)
    if (r === Done) {
      this.#stop = undefined
      if (stop !== undefined) cancelQuietly(stop)
    }
    return r
  }
  protected override onFinish(): void {
    const stop = this.#stop
    this.#stop = undefined
    if (stop !== undefined) cancelQuietly(stop)
    super.onFinish()
  }
  protected override onCancel(): void {
    this.onFinish()
  }
}

/**
 * Items of `source` until `stop` completes; then `source` is cancelled and the stream
 * ends. `stop` is checked before each item, so once it is ready no further item comes
 * out. A failure of `stop` fails the stream.
 * @remarks Cancel safety: cancelling cancels both `source` and `stop`; when `source` ends
 * first, `stop` is cancelled. Like `source` for `next()`, except that `stop` is a future
 * and a future cannot un-register: after a cancelled `next()`, what `stop` registered (e.g.
 * `sleep`'s timer entry) stays until `stop` completes or the stream is cancelled — it
 * belongs to the stream, and it holds only `next()`'s dead relay, not the caller's waker.
 */
export const takeUntil = <T, E, E2>(source: Stream<T, E>, stop: Future<unknown, E2>): StreamBase<T, E | E2> => {
  checkStream("takeUntil(source, stop)", source)
  checkFuture("takeUntil(source, stop)", stop)
  return new TakeUntil(source, stop)
}
