import type { Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"

/**
 * A byte stream you read from by polling into your own buffer — tokio's `AsyncRead`.
 *
 * The rules every implementation keeps (those of `Future`, applied per call):
 * 1. **Latest waker.** `pollRead` returns `Pending` only after arranging for `cx.waker` to be
 *    woken when bytes (or EOF, or an error) may be available. Only the waker of the most
 *    recent `pollRead` must be woken; a reader is polled by one task at a time (hand the two
 *    directions of a duplex to different tasks with `split`).
 * 2. **Spurious wakes** are allowed: a wake is a hint, the next `pollRead` is the truth.
 * 3. **Result.** `pollRead(cx, buf)` copies up to `buf.length` bytes into the front of `buf`
 *    and returns how many: `>= 1`, or `0` at end of stream (sticky). An empty `buf` returns
 *    `0` at once. It throws a named error for a failure (`ConnectionReset`, `FdClosed`).
 *
 * @remarks
 * Cancel safety: `pollRead` consumes bytes only in a call that returns their count; a call
 * that returned `Pending` took nothing, so a caller may stop polling at any time.
 *
 * `pollReadLent` is an optional zero-copy variant: it returns the next available bytes as a
 * view **lent** by the reader (empty at end of stream), valid only until the next
 * `pollRead`/`pollReadLent` call. Readers over sources that read into reused buffers
 * implement it (an `AsyncFd` over Node's `onread` socket); `BufReader` and `framed` use it.
 *
 * @example A reader over an in-memory array
 * ```ts
 * class ArrayReader implements AsyncRead {
 *   #off = 0
 *   constructor(readonly bytes: Uint8Array) {}
 *   pollRead(_cx: Context, buf: Uint8Array): Poll<number> {
 *     const n = Math.min(buf.length, this.bytes.length - this.#off)
 *     buf.set(this.bytes.subarray(this.#off, this.#off + n))
 *     this.#off += n
 *     return n
 *   }
 * }
 * ```
 */
export interface AsyncRead {
  /**
   * Read into `buf`.
   * @returns the number of bytes written to `buf[0, n)`; `0` at end of stream; or `Pending`
   * after registering `cx.waker`.
   */
  pollRead(cx: Context, buf: Uint8Array): Poll<number>
  /** Optional zero-copy read: the next bytes as a lent view (valid until the next read); empty at end of stream. */
  pollReadLent?(cx: Context): Poll<Uint8Array>
  /**
   * Optional (rule 4): forget what the latest `pollRead` registered for `waker` — the waker
   * and any readiness registration — when it is still the registered one. A future that
   * stops polling (cancelled) calls it, so data arriving later wakes nobody.
   */
  dropReadWaker?(waker: Waker): void
}

/**
 * A byte sink you write to by polling — tokio's `AsyncWrite`.
 *
 * The rules every implementation keeps:
 * 1. **Latest waker** per method, as on {@link AsyncRead}; a writer is polled by one task at a time.
 * 2. **Spurious wakes** are allowed.
 * 3. `pollWrite(cx, bytes)` accepts a prefix of `bytes` and returns its length (`>= 1` for a
 *    non-empty input, `0` for an empty one), or `Pending`. The writer must not keep a
 *    reference to `bytes` that outlives the call unless it copies (the caller may reuse it).
 * 4. `pollFlush(cx)` returns once every accepted byte was handed on (to the OS, to the peer,
 *    to the inner writer and flushed there).
 * 5. `pollShutdown(cx)` flushes, then ends the write side: the peer reads end of stream.
 *    Writing after shutdown throws (`BrokenPipe`).
 *
 * @remarks
 * Cancel safety, per method:
 * - `pollWrite`: safe. `Pending` means nothing was accepted; the returned count is the exact
 *   number of bytes the writer took.
 * - `pollFlush`: safe to stop polling; a flush may have been partly done, and the next
 *   `pollFlush` (or `pollWrite` on a full buffer) continues it. Nothing is lost or repeated.
 * - `pollShutdown`: as `pollFlush`; call it again to finish the shutdown.
 *
 * @example A writer that collects into an array
 * ```ts
 * class Collect implements AsyncWrite {
 *   chunks: Uint8Array[] = []
 *   pollWrite(_cx: Context, b: Uint8Array) { this.chunks.push(b.slice()); return b.length }
 *   pollFlush() { return undefined }
 *   pollShutdown() { return undefined }
 * }
 * ```
 */
export interface AsyncWrite {
  /** Write a prefix of `bytes`; returns its length, or `Pending` after registering `cx.waker`. */
  pollWrite(cx: Context, bytes: Uint8Array): Poll<number>
  /** Hand every accepted byte on; `Pending` after registering `cx.waker`. */
  pollFlush(cx: Context): Poll<void>
  /** Flush, then end the write side; `Pending` after registering `cx.waker`. */
  pollShutdown(cx: Context): Poll<void>
  /** Optional (rule 4): as {@link AsyncRead.dropReadWaker}, for the write direction. */
  dropWriteWaker?(waker: Waker): void
}

/** A duplex byte stream: both {@link AsyncRead} and {@link AsyncWrite} (an `AsyncFd`, a socket). */
export type AsyncReadWrite = AsyncRead & AsyncWrite
