import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import type { AsyncWrite } from "./byte-stream.js"
import { checkBytes } from "./buf-reader.js"
import { checkWriter, labelOf } from "./helpers.js"

/** Options of {@link BufWriter}. */
export interface BufWriterOptions {
  /** Bytes buffered before a write goes to the inner writer. Default 8 KiB. */
  readonly capacity?: number
}

/**
 * A buffering writer over any {@link AsyncWrite} — tokio's `BufWriter`: small writes are
 * collected in a buffer of `capacity` bytes and handed to the inner writer when it is full
 * or when you flush. Nothing is sent on its own: **flush** (`flush(w)`, `shutdown(w)`) when
 * the peer should see what you wrote.
 *
 * @remarks
 * - A write of `capacity` bytes or more on an empty buffer goes straight to the inner writer
 *   (no copy).
 * - Cancel safety: `pollWrite` is safe (it accepts into the buffer, or returns `Pending`
 *   having accepted nothing); `pollFlush` and `pollShutdown` are safe to stop and resume.
 * - Memory is bounded by `capacity`: a full buffer is flushed before more is accepted
 *   (backpressure reaches the writer's caller).
 *
 * @example
 * ```ts
 * const w = new BufWriter(fd, { capacity: 64 * 1024 })
 * for (const line of lines) yield* writeAll(w, encoder.encode(line + "\n"))
 * yield* flush(w)                         // one write per 64 KiB instead of one per line
 * ```
 */
export class BufWriter<W extends AsyncWrite = AsyncWrite> implements AsyncWrite {
  readonly inner: W
  readonly #buf: Uint8Array
  #start = 0
  #end = 0

  /** @throws InvalidArgument for a non-writer or a bad capacity. */
  constructor(inner: W, options: BufWriterOptions = {}) {
    checkWriter("new BufWriter(inner)", inner)
    this.inner = inner
    this.#buf = new Uint8Array(checkBytes("new BufWriter(inner, { capacity })", "capacity", options.capacity, 8192))
  }

  get label(): string {
    return `BufWriter(${labelOf(this.inner)})`
  }
  /** Bytes of the buffer. */
  get capacity(): number {
    return this.#buf.length
  }
  /** Bytes accepted and not yet handed to the inner writer. */
  get buffered(): number {
    return this.#end - this.#start
  }

  /** Hand the buffer to the inner writer (without flushing the inner writer). */
  #drain(cx: Context): Poll<void> {
    while (this.#start < this.#end) {
      const n = this.inner.pollWrite(cx, this.#buf.subarray(this.#start, this.#end))
      if (n === Pending) return Pending
      this.#start += n
    }
    this.#start = this.#end = 0
    return undefined
  }

  pollWrite(cx: Context, bytes: Uint8Array): Poll<number> {
    if (bytes.length === 0) return 0
    const cap = this.#buf.length
    if (this.#end + bytes.length > cap) {
      if (this.#drain(cx) === Pending) return Pending
    }
    if (bytes.length >= cap) return this.inner.pollWrite(cx, bytes)
    this.#buf.set(bytes, this.#end)
    this.#end += bytes.length
    return bytes.length
  }

  pollFlush(cx: Context): Poll<void> {
    if (this.#drain(cx) === Pending) return Pending
    return this.inner.pollFlush(cx)
  }

  pollShutdown(cx: Context): Poll<void> {
    if (this.#drain(cx) === Pending) return Pending
    return this.inner.pollShutdown(cx)
  }

  /** {@link AsyncWrite.dropWriteWaker}: forwarded to the inner writer. */
  dropWriteWaker(waker: Waker): void {
    this.inner.dropWriteWaker?.(waker)
  }
}
