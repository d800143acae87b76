import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { describeArgument } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { AsyncFd } from "./async-fd.js"
import type { AsyncRead, AsyncWrite } from "./byte-stream.js"
import { UnexpectedEof } from "./errors.js"
import { toBytes, type BytesLike } from "./bytes.js"
import type { IoSource } from "./source.js"

/** Refuses anything but an {@link AsyncFd} at call time (an fd given as a number, a socket, `undefined`). @internal */
export function checkFd(where: string, fd: unknown): void {
  if (!(fd instanceof AsyncFd)) {
    throw new InvalidArgument(
      where,
      `expected an AsyncFd, got ${describeArgument(fd)}`,
      "wrap your source first: new AsyncFd(source), " +
        "or connect()/fromSocket()/fromFd() from @pollable/adapter-native/io",
    )
  }
}

const labelOf = (x: object): string => {
  const l = (x as { label?: unknown }).label
  return typeof l === "string" ? l : x.constructor.name
}

const checkReader = (where: string, r: unknown): void => {
  if (typeof r !== "object" || r === null || typeof (r as AsyncRead).pollRead !== "function") {
    throw new InvalidArgument(
      where,
      `expected an AsyncRead (an object with pollRead(cx, buf)), got ${r === null ? "null" : typeof r}`,
      "pass an AsyncFd, a BufReader, a read half from split(), or your own AsyncRead",
    )
  }
}
const checkWriter = (where: string, w: unknown): void => {
  if (
    typeof w !== "object" ||
    w === null ||
    typeof (w as AsyncWrite).pollWrite !== "function" ||
    typeof (w as AsyncWrite).pollFlush !== "function" ||
    typeof (w as AsyncWrite).pollShutdown !== "function"
  ) {
    throw new InvalidArgument(
      where,
      `expected an AsyncWrite (pollWrite, pollFlush, pollShutdown), got ${w === null ? "null" : typeof w}`,
      "pass an AsyncFd, a BufWriter, a write half from split(), or your own AsyncWrite",
    )
  }
}
const checkBuffer = (where: string, buf: unknown): void => {
  if (!(buf instanceof Uint8Array))
    throw new InvalidArgument(
      where,
      `expected a Uint8Array to read into, got ${buf === null ? "null" : typeof buf}`,
      "pass new Uint8Array(n) (or a Node Buffer)",
    )
}

/**
 * A future that polls one direction of a byte stream: it remembers the waker of its pending
 * poll and, when cancelled, asks the stream to forget it (rule 4).
 * @internal
 */
export abstract class IoOp<T> extends FutureBase<T, Error> {
  #waker: Waker | undefined = undefined
  protected abstract run(cx: Context): Poll<T>
  /** Forget `waker` in the stream (`dropReadWaker` / `dropWriteWaker`). */
  protected abstract drop(waker: Waker): void
  protected step(cx: Context): Poll<T> {
    const r = this.run(cx)
    this.#waker = r === Pending ? cx.waker : undefined
    return r
  }
  protected onCancel(): void {
    const w = this.#waker
    this.#waker = undefined
    if (w !== undefined) this.drop(w)
  }
}

class ReadInto extends IoOp<number> {
  constructor(
    readonly r: AsyncRead,
    readonly buf: Uint8Array,
  ) {
    super()
  }
  get label(): string {
    return `read(${labelOf(this.r)}, ${this.buf.length} bytes)`
  }
  protected run(cx: Context): Poll<number> {
    return this.r.pollRead(cx, this.buf)
  }
  protected drop(w: Waker): void {
    this.r.dropReadWaker?.(w)
  }
}

class ReadExactInto extends IoOp<Uint8Array> {
  #got = 0
  constructor(
    readonly r: AsyncRead,
    readonly buf: Uint8Array,
  ) {
    super()
  }
  get label(): string {
    return `readExact(${labelOf(this.r)}, ${this.buf.length} bytes)`
  }
  protected run(cx: Context): Poll<Uint8Array> {
    const buf = this.buf
    while (this.#got < buf.length) {
      const n = this.r.pollRead(cx, this.#got === 0 ? buf : buf.subarray(this.#got))
      if (n === Pending) return Pending
      if (n === 0) throw new UnexpectedEof(labelOf(this.r), buf.length, this.#got)
      this.#got += n
    }
    return buf
  }
  protected drop(w: Waker): void {
    this.r.dropReadWaker?.(w)
  }
}

class WriteAll extends IoOp<void> {
  #off = 0
  constructor(
    readonly w: AsyncWrite,
    readonly bytes: Uint8Array,
  ) {
    super()
  }
  get label(): string {
    return `writeAll(${labelOf(this.w)}, ${this.bytes.length} bytes)`
  }
  protected run(cx: Context): Poll<void> {
    const b = this.bytes
    while (this.#off < b.length) {
      const n = this.w.pollWrite(cx, this.#off === 0 ? b : b.subarray(this.#off))
      if (n === Pending) return Pending
      this.#off += n
    }
    return undefined
  }
  protected drop(w: Waker): void {
    this.w.dropWriteWaker?.(w)
  }
}

class FlushOrShutdown extends IoOp<void> {
  constructor(
    readonly w: AsyncWrite,
    readonly shut: boolean,
  ) {
    super()
  }
  get label(): string {
    return `${this.shut ? "shutdown" : "flush"}(${labelOf(this.w)})`
  }
  protected run(cx: Context): Poll<void> {
    return this.shut ? this.w.pollShutdown(cx) : this.w.pollFlush(cx)
  }
  protected drop(w: Waker): void {
    this.w.dropWriteWaker?.(w)
  }
}

/**
 * Read what is available from `fd` (at least one byte), or an empty array at EOF.
 * Same as `fd.read()`.
 * @remarks Cancel safety: safe; a cancelled read consumes nothing.
 * @throws FdClosed, FdBusy, the source's errors (e.g. `ConnectionReset`).
 * @throws InvalidArgument (at call time) when `fd` is not an AsyncFd.
 */
export function read<S extends IoSource>(fd: AsyncFd<S>): Pollable<Uint8Array, Error>
/**
 * Read from any {@link AsyncRead} into `buf`; resolves to the number of bytes read, `0` at
 * end of stream (tokio's `AsyncReadExt::read`).
 * @remarks Cancel safety: safe; a cancelled read consumed nothing.
 * @throws InvalidArgument at call time when `r` is not a reader or `buf` not a Uint8Array;
 * the reader's errors.
 * @example
 * ```ts
 * const buf = new Uint8Array(4096)
 * const n = yield* read(reader, buf)      // 0 at end of stream
 * ```
 */
export function read(r: AsyncRead, buf: Uint8Array): Pollable<number, Error>
export function read(r: AsyncRead, buf?: Uint8Array): Pollable<Uint8Array, Error> | Pollable<number, Error> {
  if (buf === undefined) {
    checkFd("read(fd)", r)
    return (r as AsyncFd).read()
  }
  checkReader("read(r, buf)", r)
  checkBuffer("read(r, buf)", buf)
  return new ReadInto(r, buf!)
}

/**
 * Read exactly `n` bytes from `fd`; surplus stays buffered in `fd`. Same as `fd.readExact(n)`.
 * @remarks Cancel safety: safe; partial data is pushed back into `fd`.
 * @throws UnexpectedEof when the stream ends first; FdClosed, FdBusy, the source's errors.
 * @throws InvalidArgument (at call time) when `fd` is not an AsyncFd.
 */
export function readExact<S extends IoSource>(fd: AsyncFd<S>, n: number): Pollable<Uint8Array, Error>
/**
 * Fill all of `buf` from any {@link AsyncRead}; resolves to `buf`.
 * @remarks Cancel safety: NOT safe; bytes read before the cancel are in `buf` and gone from
 * the reader. Read through a `BufReader` (`fillBuf`/`consume`) when you must be able to stop.
 * @throws UnexpectedEof when the stream ends first; the reader's errors.
 */
export function readExact(r: AsyncRead, buf: Uint8Array): Pollable<Uint8Array, Error>
export function readExact(r: AsyncRead, nOrBuf: number | Uint8Array): Pollable<Uint8Array, Error> {
  if (typeof nOrBuf === "number") {
    checkFd("readExact(fd, n)", r)
    return (r as AsyncFd).readExact(nOrBuf)
  }
  checkReader("readExact(r, buf)", r)
  checkBuffer("readExact(r, buf)", nOrBuf)
  return new ReadExactInto(r, nOrBuf as Uint8Array)
}

/**
 * Write all of `bytes` (any `ArrayBufferView` or `ArrayBuffer`), continuing partial writes
 * and waiting on backpressure. Same as `fd.write(bytes)`.
 * @remarks Cancel safety: NOT safe; a prefix may have been written.
 * @throws InvalidArgument at the call for anything that is not bytes; at the poll FdClosed,
 * FdBusy, the source's errors (`BrokenPipe`, `ConnectionReset`).
 */
export const write = <S extends IoSource>(fd: AsyncFd<S>, bytes: BytesLike): Pollable<void, Error> => {
  checkFd("write(fd, bytes)", fd)
  return fd.write(bytes)
}

/**
 * Write all of `bytes` (any `ArrayBufferView` or `ArrayBuffer`) to any {@link AsyncWrite}
 * (tokio's `write_all`). It does not flush:
 * follow it with {@link flush} on a buffered writer.
 * @remarks Cancel safety: NOT safe; a prefix may have been accepted.
 * @throws InvalidArgument at call time for a non-writer or non-bytes; the writer's errors.
 * @example
 * ```ts
 * yield* writeAll(w, new TextEncoder().encode("hello\n"))
 * yield* flush(w)
 * ```
 */
export function writeAll(w: AsyncWrite, bytes: BytesLike): Pollable<void, Error> {
  checkWriter("writeAll(w, bytes)", w)
  return new WriteAll(w, bytes instanceof Uint8Array ? bytes : toBytes("writeAll(w, bytes)", bytes))
}

/**
 * Flush `w`: resolves once every byte it accepted was handed on.
 * @remarks Cancel safety: safe; a later flush continues where this one stopped.
 * @throws InvalidArgument at call time for a non-writer; the writer's errors.
 */
export function flush(w: AsyncWrite): Pollable<void, Error> {
  checkWriter("flush(w)", w)
  return new FlushOrShutdown(w, false)
}

/**
 * Flush `w`, then end its write side (the peer reads end of stream).
 * @remarks Cancel safety: safe; call it again to finish.
 * @throws InvalidArgument at call time for a non-writer; the writer's errors.
 */
export function shutdown(w: AsyncWrite): Pollable<void, Error> {
  checkWriter("shutdown(w)", w)
  return new FlushOrShutdown(w, true)
}

export { checkReader, checkWriter, labelOf }
