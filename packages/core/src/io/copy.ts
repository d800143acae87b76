import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { FutureBase } from "../future-base.js"
import { pollChunk, pollWriteOnce, type AsyncFd } from "./async-fd.js"
import { checkFd } from "./helpers.js"
import type { IoSource } from "./source.js"

/** Bytes moved in one poll before yielding to other tasks (rule 5). */
const BYTES_PER_POLL = 1 << 20

class Copy extends FutureBase<number, Error> {
  #chunk: Uint8Array | undefined
  #off = 0
  #total = 0
  constructor(
    readonly from: AsyncFd<IoSource>,
    readonly to: AsyncFd<IoSource>,
  ) {
    super()
  }
  get label(): string {
    return `copy(${this.from.label} → ${this.to.label})`
  }
  protected step(cx: Context): Poll<number> {
    this.from.claim("read", this)
    this.to.claim("write", this)
    let r: Poll<number>
    try {
      r = this.#run(cx)
    } catch (e) {
      this.#release(false)
      throw e
    }
    if (r !== Pending) this.#release(false)
    return r
  }
  #run(cx: Context): Poll<number> {
    let moved = 0
    for (;;) {
      const c = this.#chunk
      if (c !== undefined) {
        while (this.#off < c.length) {
          const n = pollWriteOnce(this.to, cx, this.#off === 0 ? c : c.subarray(this.#off))
          if (n === Pending) return Pending
          this.#off += n
          this.#total += n
          moved += n
        }
        this.#chunk = undefined
        this.#off = 0
        if (moved >= BYTES_PER_POLL) {
          cx.waker.wake()
          return Pending
        }
      }
      const next = pollChunk(this.from, cx)
      if (next === Pending) return Pending
      if (next.length === 0) return this.#total
      this.#chunk = next
    }
  }
  #release(cancelled: boolean): void {
    this.from.release("read", this, cancelled)
    this.to.release("write", this, cancelled)
  }
  protected onCancel(): void {
    const c = this.#chunk
    if (c !== undefined && !this.from.closed) this.from.unread(c.subarray(this.#off))
    this.#chunk = undefined
    this.#release(true)
  }
}

/**
 * Copy everything from `from` to `to` until `from` reaches EOF; resolves to the number of
 * bytes copied. `to` is not shut down (call `to.shutdown()` if the peer should see EOF).
 * Holds `from`'s read direction and `to`'s write direction while running; yields to other
 * tasks every MiB.
 * @remarks Cancel safety: no byte is lost: bytes read but not yet written are pushed back
 * into `from` (`unread`), so a later read of `from` sees them. Bytes already written stay written.
 * @throws FdClosed, FdBusy, the sources' errors.
 * @throws InvalidArgument (at call time) when `from` or `to` is not an AsyncFd.
 */
export const copy = <A extends IoSource, B extends IoSource>(
  from: AsyncFd<A>,
  to: AsyncFd<B>,
): Pollable<number, Error> => {
  checkFd("copy(from, to)", from)
  checkFd("copy(from, to)", to)
  return new Copy(from as AsyncFd<IoSource>, to as AsyncFd<IoSource>)
}
