import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../internal/dispose.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkMethods } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { toBytes, type BytesLike } from "./bytes.js"
import { FdBusy, FdClosed, UnexpectedEof } from "./errors.js"
import type { AsyncRead, AsyncWrite } from "./byte-stream.js"
import { Eof, WouldBlock, type IoSource, type Unregister } from "./source.js"
import { wakeQuietly } from "../fault/teardown.js"

/** A direction of an {@link AsyncFd}. */
export type Direction = "read" | "write"

const EMPTY = new Uint8Array(0)
/** WouldBlock retries inside one poll before yielding (a source that keeps lying about readiness). */
const SPIN = 32

/** Per-direction readiness state. */
class Side {
  /** Edge-triggered: true until an IO attempt returns WouldBlock and clears it. */
  ready = true
  waker: Waker | undefined = undefined
  unregister: Unregister | undefined = undefined
  /** The future that holds this direction (one waiter per direction). */
  owner: object | undefined = undefined
  readonly fire = (): void => {
    this.unregister = undefined
    this.ready = true
    const w = this.waker
    this.waker = undefined
    wakeQuietly(w, "an AsyncFd readiness waiter")
  }
}

/**
 * Proof that a direction of an {@link AsyncFd} was ready when polled. Returned by
 * `pollReadReady` / `pollWriteReady` and the `readable()` / `writable()` futures.
 *
 * @remarks
 * Readiness is edge-triggered: the fd stays "ready" until you tell it otherwise, so after
 * an IO attempt that returned {@link WouldBlock} you must call `clearReady()` (or use
 * `tryIo`, which does it for you). Misuse:
 * - forgetting `clearReady()` after `WouldBlock` makes the next poll return ready again
 *   at once: a busy loop (still correct, just wasteful);
 * - calling `clearReady()` when the source did NOT return `WouldBlock` can hang: the
 *   source only notifies on a new edge, and the data already there produces none.
 */
export class ReadyGuard<S extends IoSource = IoSource> {
  /** @internal */
  constructor(
    readonly fd: AsyncFd<S>,
    readonly direction: Direction,
    readonly side: Side,
  ) {}

  /** Mark the direction not ready; call only after the source returned `WouldBlock`. */
  clearReady(): void {
    this.side.ready = false
  }

  /**
   * Run one non-blocking IO attempt on the source; when it returns {@link WouldBlock} the
   * readiness is cleared, so the next poll waits for the source's notification.
   * @throws FdClosed when the fd was closed.
   */
  tryIo<T>(fn: (source: S) => T | WouldBlock): T | WouldBlock {
    if (this.fd.closed) throw new FdClosed(this.fd.label, "tryIo")
    const r = fn(this.fd.source)
    if (r === WouldBlock) this.side.ready = false
    return r
  }
}

/**
 * Readiness-based IO over any {@link IoSource} (tokio's `AsyncFd`, smol's `Async`): a
 * future learns when the source is readable or writable through its waker only, so the
 * same IO code runs on every executor.
 *
 * @remarks
 * - **Edge-triggered.** Each direction starts ready; an IO attempt that returns
 *   `WouldBlock` clears it and the next poll registers with the source and returns `Pending`.
 * - **One waiter per direction.** The futures (`readable()`, `read()`, `readExact()`,
 *   `write()`, `lines()`) hold their direction while pending; a second concurrent one on
 *   the same direction fails at its poll with `FdBusy` (tokio's `readable()` queues
 *   waiters instead; here a second reader is almost always a bug and interleaved reads
 *   would corrupt framing). The low-level `pollReadReady(cx)` / `pollWriteReady(cx)` do
 *   not check ownership: like tokio's `poll_read_ready`, only the waker of the most recent
 *   call is woken.
 * - **Read-side buffer.** `unread(bytes)` pushes bytes back; the read helpers consume them
 *   first. `lines()` and `readExact()` keep their surplus there, so framing helpers can be
 *   mixed and a fresh `lines(fd)` continues where the last one stopped.
 * - **Close.** `close()` closes the source and wakes both waiters, which then fail with
 *   `FdClosed`; readiness polls and IO after close throw `FdClosed`.
 * - **Byte stream.** An `AsyncFd` is an {@link AsyncRead} and an {@link AsyncWrite}
 *   (`pollRead`, `pollReadLent`, `pollWrite`, `pollFlush`, `pollShutdown`), so `BufReader`,
 *   `BufWriter`, `split` and `framed` work on it.
 * - **Zero-copy reads.** `readLent()` / `tryReadLent()` return bytes lent by sources that
 *   read into reused buffers (valid until the next read); `read()` always returns owned bytes.
 *
 * @example
 * ```ts
 * const fd = new AsyncFd(source)
 * const echo = gen(function* () {
 *   for (;;) {
 *     const chunk = yield* fd.read()          // waits for readability, edge-triggered
 *     if (chunk.length === 0) return          // EOF
 *     yield* fd.write(chunk)                  // waits on backpressure, continues partial writes
 *   }
 * })
 * ```
 */
export class AsyncFd<S extends IoSource = IoSource> implements AsyncRead, AsyncWrite {
  readonly source: S
  readonly #r = new Side()
  readonly #w = new Side()
  readonly #rg: ReadyGuard<S>
  readonly #wg: ReadyGuard<S>
  #closed = false
  #unread: Uint8Array | undefined = undefined

  /** @throws InvalidArgument when `source` is not an IoSource. */
  constructor(source: S) {
    checkMethods(
      "new AsyncFd(source)",
      source,
      "an IoSource",
      ["tryRead", "tryWrite", "onReadable", "onWritable", "close"],
      "pass a readiness source, e.g. connect()/fromSocket()/fromFd() " +
        "from @pollable/adapter-native/io, or memoryPair() in tests",
    )
    this.source = source
    this.#rg = new ReadyGuard(this, "read", this.#r)
    this.#wg = new ReadyGuard(this, "write", this.#w)
  }

  /** The source's label, for messages. */
  get label(): string {
    return `AsyncFd(${this.source.label ?? "source"})`
  }

  get closed(): boolean {
    return this.#closed
  }

  /**
   * Poll read readiness. Returns a guard when readable (or when pushed-back bytes wait),
   * else registers `cx.waker` and returns `Pending`. Only the most recent waker is woken.
   * @throws FdClosed after `close()`.
   */
  pollReadReady(cx: Context): Poll<ReadyGuard<S>> {
    if (this.#unread !== undefined) {
      if (this.#closed) throw new FdClosed(this.label, "pollReadReady")
      return this.#rg
    }
    return this.#poll(this.#r, this.#rg, cx)
  }

  /** Poll write readiness; as {@link AsyncFd.pollReadReady}. @throws FdClosed after `close()`. */
  pollWriteReady(cx: Context): Poll<ReadyGuard<S>> {
    return this.#poll(this.#w, this.#wg, cx)
  }

  #poll(side: Side, guard: ReadyGuard<S>, cx: Context): Poll<ReadyGuard<S>> {
    if (this.#closed) throw new FdClosed(this.label, `poll${guard.direction === "read" ? "Read" : "Write"}Ready`)
    if (side.ready) return guard
    side.waker = cx.waker
    if (side.unregister === undefined) {
      const u = guard.direction === "read" ? this.source.onReadable(side.fire) : this.source.onWritable(side.fire)
      if (side.ready) return guard // fired synchronously: already ready
      side.unregister = u
    }
    return Pending
  }

  /**
   * A future of the next read readiness.
   * @remarks Cancel safety: safe; cancelling releases the read direction, nothing is consumed.
   */
  readable(): Pollable<ReadyGuard<S>, FdClosed | FdBusy> {
    return new Readiness(this, "read")
  }

  /** A future of the next write readiness. @remarks Cancel safety: safe. */
  writable(): Pollable<ReadyGuard<S>, FdClosed | FdBusy> {
    return new Readiness(this, "write")
  }

  /**
   * One non-blocking read: pushed-back bytes first, then the source. Clears read readiness
   * on `WouldBlock`. Returns an empty array at EOF.
   * @throws FdClosed after `close()`; the source's errors (e.g. `ConnectionReset`).
   */
  tryRead(): Uint8Array | WouldBlock {
    return this.#tryRead(false)
  }

  /**
   * As {@link AsyncFd.tryRead}, but the bytes may be **lent** by the source (see
   * `IoSource.tryReadLent`): valid only until the next read on this fd. Use it to process
   * bytes in place (hash, parse, copy out) without an allocation per chunk.
   */
  tryReadLent(): Uint8Array | WouldBlock {
    return this.#tryRead(true)
  }

  #tryRead(lent: boolean): Uint8Array | WouldBlock {
    if (this.#closed) throw new FdClosed(this.label, "read")
    const u = this.#unread
    if (u !== undefined) {
      this.#unread = undefined
      return u
    }
    const src = this.source
    const r = lent && src.tryReadLent !== undefined ? src.tryReadLent() : src.tryRead()
    if (r === WouldBlock) {
      this.#r.ready = false
      return r
    }
    return r === Eof ? EMPTY : r
  }

  /**
   * One non-blocking write of `bytes` (any `ArrayBufferView` or `ArrayBuffer`, see
   * {@link BytesLike}); clears write readiness on `WouldBlock`. Returns how many bytes the
   * source accepted.
   * @throws InvalidArgument for anything that is not bytes; FdClosed after `close()`.
   */
  tryWrite(bytes: BytesLike): number | WouldBlock {
    const b = bytes instanceof Uint8Array ? bytes : toBytes(`tryWrite(${this.label}, bytes)`, bytes)
    if (this.#closed) throw new FdClosed(this.label, "write")
    const r = this.source.tryWrite(b)
    if (r === WouldBlock) this.#w.ready = false
    return r
  }

  /** Push bytes back in front of the read side; the next read returns them first. */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.#closed) return
    const u = this.#unread
    if (u === undefined) this.#unread = bytes
    else {
      const c = new Uint8Array(bytes.length + u.length)
      c.set(bytes, 0)
      c.set(u, bytes.length)
      this.#unread = c
    }
  }

  /**
   * Read what is available (at least one byte), or an empty array at EOF.
   * @remarks Cancel safety: safe; no data is consumed by a cancelled read.
   * @throws FdClosed, FdBusy (a concurrent reader), the source's errors.
   */
  read(): Pollable<Uint8Array, Error> {
    return new ReadOp(this, false)
  }

  /**
   * Read what is available into a **lent** view (zero-copy on sources that implement
   * `tryReadLent`, e.g. `connect(host, port, { onread: true })`): the bytes are valid only
   * until the next read on this fd — consume them before reading again, copy what you keep.
   * Empty at EOF.
   * @remarks Cancel safety: safe; no data is consumed by a cancelled read.
   * @throws FdClosed, FdBusy, the source's errors.
   */
  readLent(): Pollable<Uint8Array, Error> {
    return new ReadOp(this, true)
  }

  /**
   * Read exactly `n` bytes; surplus stays in the fd's read buffer.
   * @remarks Cancel safety: safe; bytes read so far are pushed back, so a later read sees them.
   * @throws UnexpectedEof when the stream ends first; FdClosed, FdBusy, the source's errors.
   */
  readExact(n: number): Pollable<Uint8Array, Error> {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new InvalidArgument(
        `readExact(${this.label}, n)`,
        `expected a whole number of bytes >= 0, got ${String(n)}`,
        "pass the byte count the protocol frames",
      )
    }
    return new ReadExactOp(this, n)
  }

  /**
   * Write all of `bytes`, waiting for write readiness on backpressure (partial writes are
   * continued). Completes when the source accepted every byte. `bytes` is any
   * `ArrayBufferView` (`Uint8Array`, `Buffer`, other typed arrays, `DataView`: its own byte
   * range) or an `ArrayBuffer`; it must not be changed until the write completes.
   * @remarks Cancel safety: NOT safe; a cancelled write may have written a prefix.
   * @throws InvalidArgument at the call for anything that is not bytes (a string: encode it
   * first with `TextEncoder`). At the poll: FdClosed, FdBusy (a concurrent writer), the
   * source's errors (`BrokenPipe`, `ConnectionReset`).
   */
  write(bytes: BytesLike): Pollable<void, Error> {
    return new WriteOp(this, bytes instanceof Uint8Array ? bytes : toBytes(`write(${this.label}, bytes)`, bytes))
  }

  /**
   * {@link AsyncRead.pollRead}: pushed-back bytes first, then the source; bytes beyond
   * `buf.length` stay in the fd's read buffer. `0` at EOF.
   * @remarks Cancel safety: safe (`Pending` consumed nothing). Only the most recent waker is woken.
   * @throws FdClosed after `close()`; the source's errors.
   */
  pollRead(cx: Context, buf: Uint8Array): Poll<number> {
    if (buf.length === 0) {
      if (this.#closed) throw new FdClosed(this.label, "pollRead")
      return 0
    }
    const chunk = pollChunk(this, cx, true)
    if (chunk === Pending) return Pending
    const n = chunk.length
    if (n <= buf.length) {
      buf.set(chunk)
      return n
    }
    buf.set(chunk.subarray(0, buf.length))
    // the chunk may be lent by the source: keep an owned copy of the rest
    this.unread(chunk.slice(buf.length))
    return buf.length
  }

  /**
   * {@link AsyncRead.pollReadLent}: the next bytes, lent by the source when it reads into
   * reused buffers (valid until the next read on this fd); empty at EOF.
   * @remarks Cancel safety: safe. @throws FdClosed after `close()`; the source's errors.
   */
  pollReadLent(cx: Context): Poll<Uint8Array> {
    return pollChunk(this, cx, true)
  }

  /**
   * {@link AsyncWrite.pollWrite}: one write to the source, waiting for write readiness.
   * @remarks Cancel safety: safe (`Pending` accepted nothing).
   * @throws FdClosed after `close()`; the source's errors (`BrokenPipe`, `ConnectionReset`).
   */
  pollWrite(cx: Context, bytes: Uint8Array): Poll<number> {
    if (bytes.length === 0) {
      if (this.#closed) throw new FdClosed(this.label, "pollWrite")
      return 0
    }
    return pollWriteOnce(this, cx, bytes)
  }

  /**
   * {@link AsyncWrite.pollFlush}: an fd buffers nothing of its own — bytes the source
   * accepted are the source's (the OS's) to deliver — so this returns at once.
   * @throws FdClosed after `close()`.
   */
  pollFlush(_cx: Context): Poll<void> {
    if (this.#closed) throw new FdClosed(this.label, "pollFlush")
    return undefined
  }

  /** {@link AsyncWrite.pollShutdown}: as {@link AsyncFd.shutdown}. @throws FdClosed after `close()`. */
  pollShutdown(_cx: Context): Poll<void> {
    this.shutdown()
    return undefined
  }

  /** {@link AsyncRead.dropReadWaker}: forget `waker` and the source registration made for it, if still current. */
  dropReadWaker(waker: Waker): void {
    this.#drop(this.#r, waker)
  }

  /** {@link AsyncWrite.dropWriteWaker}: as {@link AsyncFd.dropReadWaker}, for writes. */
  dropWriteWaker(waker: Waker): void {
    this.#drop(this.#w, waker)
  }

  #drop(side: Side, waker: Waker): void {
    if (side.waker !== waker) return
    side.waker = undefined
    const u = side.unregister
    side.unregister = undefined
    u?.()
  }

  /**
   * Half-close the write side when the source supports it: the peer reads EOF after what
   * was written, while this fd goes on reading (e.g. the reply to a request). A later write
   * fails with `BrokenPipe` whose `by` is `"shutdown"`.
   * @throws FdClosed after `close()`.
   */
  shutdown(): void {
    if (this.#closed) throw new FdClosed(this.label, "shutdown")
    this.source.shutdown?.()
  }

  /**
   * Close the source and wake both waiters, which then fail with `FdClosed`. Idempotent.
   * @remarks Close is abrupt: bytes the source still queues may be discarded (a Node socket
   * is destroyed). For a graceful end, `shutdown()` and read until EOF before closing.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#unread = undefined
    for (const side of [this.#r, this.#w]) {
      const u = side.unregister
      side.unregister = undefined
      u?.()
      const w = side.waker
      side.waker = undefined
      // rule 8: a throwing waker must not keep the other direction asleep or leak the source
      wakeQuietly(w, "an AsyncFd waiter woken by close()")
    }
    this.source.close()
  }

  /** {@link close}, for `using`: an fd bound with `using` is closed at the end of the block. */
  [disposeSymbol](): void {
    this.close()
  }

  /** @internal Take the direction for `owner`. @throws FdBusy when another future holds it. */
  claim(direction: Direction, owner: object): void {
    const side = direction === "read" ? this.#r : this.#w
    if (side.owner !== undefined && side.owner !== owner) throw new FdBusy(this.label, direction)
    side.owner = owner
  }

  /**
   * @internal Release the direction held by `owner`. `dropWaker` (cancel) forgets the
   * registered waker and unregisters the readiness listener from the source (rule 4); the
   * next poll registers again.
   */
  release(direction: Direction, owner: object, dropWaker: boolean): void {
    const side = direction === "read" ? this.#r : this.#w
    if (side.owner !== owner) return
    side.owner = undefined
    if (!dropWaker) return
    side.waker = undefined
    const u = side.unregister
    side.unregister = undefined
    u?.()
  }
}

/**
 * Base of the futures that hold one direction of an fd while pending.
 * @internal
 */
abstract class FdOp<S extends IoSource, T, E> extends FutureBase<T, E> {
  constructor(
    readonly fd: AsyncFd<S>,
    readonly direction: Direction,
  ) {
    super()
  }
  protected abstract run(cx: Context): Poll<T>
  protected step(cx: Context): Poll<T> {
    this.fd.claim(this.direction, this)
    let r: Poll<T>
    try {
      r = this.run(cx)
    } catch (e) {
      this.fd.release(this.direction, this, false)
      throw e
    }
    if (r !== Pending) this.fd.release(this.direction, this, false)
    return r
  }
  protected onCancel(): void {
    this.fd.release(this.direction, this, true)
  }
}

class Readiness<S extends IoSource> extends FdOp<S, ReadyGuard<S>, FdClosed | FdBusy> {
  get label(): string {
    return `${this.direction === "read" ? "readable" : "writable"}(${this.fd.label})`
  }
  protected run(cx: Context): Poll<ReadyGuard<S>> {
    return this.direction === "read" ? this.fd.pollReadReady(cx) : this.fd.pollWriteReady(cx)
  }
}

/** @internal Poll read readiness and read once; `Pending` when nothing is available. */
export function pollChunk<S extends IoSource>(fd: AsyncFd<S>, cx: Context, lent = false): Poll<Uint8Array> {
  for (let i = 0; i < SPIN; i++) {
    if (fd.pollReadReady(cx) === Pending) return Pending
    const r = lent ? fd.tryReadLent() : fd.tryRead()
    if (r !== WouldBlock) return r
  }
  cx.waker.wake() // the source keeps reporting readiness without data: yield (rule 5)
  return Pending
}

/** @internal Poll write readiness and write once; `Pending` when the source accepts nothing now. */
export function pollWriteOnce<S extends IoSource>(fd: AsyncFd<S>, cx: Context, bytes: Uint8Array): Poll<number> {
  for (let i = 0; i < SPIN; i++) {
    if (fd.pollWriteReady(cx) === Pending) return Pending
    const r = fd.tryWrite(bytes)
    if (r !== WouldBlock) return r
  }
  cx.waker.wake()
  return Pending
}

class ReadOp<S extends IoSource> extends FdOp<S, Uint8Array, Error> {
  constructor(
    fd: AsyncFd<S>,
    readonly lent: boolean,
  ) {
    super(fd, "read")
  }
  get label(): string {
    return `${this.lent ? "readLent" : "read"}(${this.fd.label})`
  }
  protected run(cx: Context): Poll<Uint8Array> {
    return pollChunk(this.fd, cx, this.lent)
  }
}

class ReadExactOp<S extends IoSource> extends FdOp<S, Uint8Array, Error> {
  #buf: Uint8Array | undefined
  #got = 0
  readonly #n: number
  constructor(fd: AsyncFd<S>, n: number) {
    super(fd, "read")
    this.#n = n
  }
  get label(): string {
    return `readExact(${this.fd.label}, ${this.#n})`
  }
  protected run(cx: Context): Poll<Uint8Array> {
    const n = this.#n
    if (n === 0) return EMPTY
    for (;;) {
      const chunk = pollChunk(this.fd, cx)
      if (chunk === Pending) return Pending
      if (chunk.length === 0) throw new UnexpectedEof(this.fd.label, n, this.#got)
      const need = n - this.#got
      if (this.#buf === undefined) {
        if (chunk.length === need) return chunk
        if (chunk.length > need) {
          this.fd.unread(chunk.subarray(need))
          return chunk.subarray(0, need)
        }
        this.#buf = new Uint8Array(n)
      }
      const take = Math.min(need, chunk.length)
      this.#buf.set(take === chunk.length ? chunk : chunk.subarray(0, take), this.#got)
      this.#got += take
      if (take < chunk.length) this.fd.unread(chunk.subarray(take))
      if (this.#got === n) return this.#buf
    }
  }
  protected override onCancel(): void {
    if (this.#buf !== undefined && this.#got > 0 && !this.fd.closed) this.fd.unread(this.#buf.subarray(0, this.#got))
    this.#buf = undefined
    super.onCancel()
  }
}

class WriteOp<S extends IoSource> extends FdOp<S, void, Error> {
  #bytes: Uint8Array
  #off = 0
  constructor(fd: AsyncFd<S>, bytes: Uint8Array) {
    super(fd, "write")
    this.#bytes = bytes
  }
  get label(): string {
    return `write(${this.fd.label}, ${this.#bytes.length} bytes)`
  }
  protected run(cx: Context): Poll<void> {
    const b = this.#bytes
    while (this.#off < b.length) {
      const n = pollWriteOnce(this.fd, cx, this.#off === 0 ? b : b.subarray(this.#off))
      if (n === Pending) return Pending
      this.#off += n
    }
    return undefined
  }
}
