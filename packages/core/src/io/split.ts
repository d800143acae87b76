import type { Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import type { AsyncRead, AsyncReadWrite, AsyncWrite } from "./byte-stream.js"
import { checkReader, checkWriter, labelOf } from "./helpers.js"

/** The halves handed out per duplex, so one duplex is split once. @internal */
const splitOnce = new WeakSet<object>()

/**
 * The read half of a duplex, from {@link split}: an {@link AsyncRead} and nothing else.
 * Give it to the task that reads.
 */
export class ReadHalf<T extends AsyncReadWrite = AsyncReadWrite> implements AsyncRead {
  /** @internal */
  constructor(readonly io: T) {}
  get label(): string {
    return `read half of ${labelOf(this.io)}`
  }
  pollRead(cx: Context, buf: Uint8Array): Poll<number> {
    return this.io.pollRead(cx, buf)
  }
  dropReadWaker(waker: Waker): void {
    this.io.dropReadWaker?.(waker)
  }
  /** Present (forwarding) only when the duplex lends its bytes. */
  declare pollReadLent?: (cx: Context) => Poll<Uint8Array>
}

/**
 * The write half of a duplex, from {@link split}: an {@link AsyncWrite} and nothing else.
 * Give it to the task that writes.
 */
export class WriteHalf<T extends AsyncReadWrite = AsyncReadWrite> implements AsyncWrite {
  /** @internal */
  constructor(readonly io: T) {}
  get label(): string {
    return `write half of ${labelOf(this.io)}`
  }
  pollWrite(cx: Context, bytes: Uint8Array): Poll<number> {
    return this.io.pollWrite(cx, bytes)
  }
  pollFlush(cx: Context): Poll<void> {
    return this.io.pollFlush(cx)
  }
  pollShutdown(cx: Context): Poll<void> {
    return this.io.pollShutdown(cx)
  }
  dropWriteWaker(waker: Waker): void {
    this.io.dropWriteWaker?.(waker)
  }
}

/**
 * Split one duplex (an `AsyncFd`, a socket, your own `AsyncRead & AsyncWrite`) into a read
 * half and a write half that are owned separately — tokio's `io::split`. One task can read
 * while another writes; each direction has its own waiter, so neither wakes the other.
 *
 * @remarks
 * - The duplex must keep its two directions apart — a separate latest waker for reads and for
 *   writes — as `AsyncFd` does. Wrapping buffers belong to one direction each: split first,
 *   then wrap the halves (`new BufReader(r)`, `new BufWriter(w)`), not the other way round.
 * - A duplex splits once: a second `split` of it throws `InvalidArgument` (two read halves
 *   would be two readers, and only the latest waker is woken).
 * - Closing is the duplex's business: `r.io.close()` when both halves are done.
 *
 * @example
 * ```ts
 * const [r, w] = split(fd)
 * const reader = gen(function* () { for (let l; (l = yield* lines.next()) !== Done; ) log(l) })
 * const writer = gen(function* () { yield* writeAll(w, hello); yield* shutdown(w) })
 * yield* join(reader, writer)             // or spawn each on its own task
 * ```
 * @throws InvalidArgument when `io` is not a duplex, or was split before.
 */
export function split<T extends AsyncReadWrite>(io: T): [ReadHalf<T>, WriteHalf<T>] {
  checkReader("split(io)", io)
  checkWriter("split(io)", io)
  if (splitOnce.has(io)) {
    throw new InvalidArgument(
      "split(io)",
      `${labelOf(io)} was split already; a duplex has one read half and one write half`,
      "keep the halves of the first split and pass them where they are needed",
    )
  }
  splitOnce.add(io)
  const r = new ReadHalf(io)
  if (typeof io.pollReadLent === "function") r.pollReadLent = (cx) => io.pollReadLent!(cx)
  return [r, new WriteHalf(io)]
}
