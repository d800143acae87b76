import type { Pollable } from "../contracts/future.js"
import { Done } from "../contracts/stream.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import type { AsyncRead } from "./byte-stream.js"
import { FrameTooLarge } from "./errors.js"
import { copyOut, plainBytes } from "./byte-buffer.js"
import { checkReader, IoOp, labelOf } from "./helpers.js"

const EMPTY = new Uint8Array(0)
const LF = 10
const CR = 13
let decoder: TextDecoder | undefined

/** Options of {@link BufReader}. */
export interface BufReaderOptions {
  /** Bytes of the internal buffer (the most one read from the inner reader asks for). Default 8 KiB. */
  readonly capacity?: number
}

/** Check a byte count option. @internal */
export function checkBytes(where: string, name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw new InvalidArgument(
      where,
      `${name} must be a whole number of bytes >= 1, got ${typeof v === "number" ? String(v) : typeof v}`,
      `pass e.g. ${name}: ${fallback}, or leave it out for the default`,
    )
  }
  return v
}

/**
 * A buffering reader over any {@link AsyncRead} — tokio's `BufReader`: reads the inner
 * reader in chunks of up to `capacity` bytes, and serves small reads, `fillBuf`/`consume`,
 * `readUntil` and `readLine` from the buffer.
 *
 * @remarks
 * - **Zero-copy.** When the inner reader lends its bytes (`pollReadLent`, e.g. an `AsyncFd`
 *   over a socket opened with `{ onread: true }`), `fillBuf` returns the lent view itself and
 *   nothing is copied until a line spans two chunks.
 * - **Cancel safety.** `fillBuf`, `readUntil` and `readLine` are cancel safe: they consume
 *   nothing until they return, so a cancelled `readLine` loses no byte — the next call sees
 *   them. `read` is cancel safe as `AsyncRead.pollRead` is.
 * - **Bounded.** `readUntil`/`readLine` keep a partial line in the buffer, which grows with
 *   the bytes received up to `maxLength` (default 1 MiB), then fail with `FrameTooLarge`.
 * - One task reads at a time (the latest waker is woken, as on every `AsyncRead`).
 *
 * @example
 * ```ts
 * const r = new BufReader(fd, { capacity: 16 * 1024 })
 * for (;;) {
 *   const line = yield* r.readLine()        // without "\n" / "\r\n"; Done at end of stream
 *   if (line === Done) break
 *   console.log(line)
 * }
 * ```
 */
export class BufReader<R extends AsyncRead = AsyncRead> implements AsyncRead {
  readonly inner: R
  #buf: Uint8Array
  #pos = 0
  #end = 0
  /** Bytes lent by the inner reader, served before `#buf` is used again. */
  #lent: Uint8Array = EMPTY
  #lentPos = 0

  /** @throws InvalidArgument for a non-reader or a bad capacity. */
  constructor(inner: R, options: BufReaderOptions = {}) {
    checkReader("new BufReader(inner)", inner)
    this.inner = inner
    this.#buf = new Uint8Array(checkBytes("new BufReader(inner, { capacity })", "capacity", options.capacity, 8192))
  }

  get label(): string {
    return `BufReader(${labelOf(this.inner)})`
  }
  /** Bytes of the internal buffer. */
  get capacity(): number {
    return this.#buf.length
  }
  /** Bytes buffered and not yet consumed. */
  get buffered(): number {
    return this.#end - this.#pos + (this.#lent.length - this.#lentPos)
  }

  /**
   * The buffered bytes, reading the inner reader once when the buffer is empty; an empty
   * view at end of stream. Valid until the next call on this reader; mark what you used with
   * {@link BufReader.consume}.
   * @remarks Cancel safety: safe.
   */
  pollFillBuf(cx: Context): Poll<Uint8Array> {
    if (this.#pos < this.#end) return this.#buf.subarray(this.#pos, this.#end)
    if (this.#lentPos < this.#lent.length) return this.#lent.subarray(this.#lentPos)
    const inner = this.inner
    if (inner.pollReadLent !== undefined) {
      const v = inner.pollReadLent(cx)
      if (v === Pending) return Pending
      this.#lent = plainBytes(v)
      this.#lentPos = 0
      return this.#lent
    }
    this.#pos = this.#end = 0
    const n = inner.pollRead(cx, this.#buf)
    if (n === Pending) return Pending
    this.#end = n
    return n === 0 ? EMPTY : this.#buf.subarray(0, n)
  }

  /** {@link AsyncRead.dropReadWaker}: forwarded to the inner reader. */
  dropReadWaker(waker: Waker): void {
    this.inner.dropReadWaker?.(waker)
  }

  /** Mark `n` bytes of what `fillBuf` returned as used. */
  consume(n: number): void {
    const inBuf = this.#end - this.#pos
    if (inBuf > 0) {
      this.#pos += Math.min(n, inBuf)
      return
    }
    this.#lentPos = Math.min(this.#lentPos + n, this.#lent.length)
  }

  /** {@link AsyncRead.pollRead}: from the buffer; a read of `capacity` bytes or more on an empty buffer bypasses it. */
  pollRead(cx: Context, buf: Uint8Array): Poll<number> {
    if (buf.length === 0) return 0
    if (this.buffered === 0 && buf.length >= this.#buf.length && this.inner.pollReadLent === undefined)
      return this.inner.pollRead(cx, buf)
    const avail = this.pollFillBuf(cx)
    if (avail === Pending) return Pending
    const n = Math.min(avail.length, buf.length)
    buf.set(n === avail.length ? avail : avail.subarray(0, n))
    this.consume(n)
    return n
  }

  /** {@link AsyncRead.pollReadLent}: the buffered bytes (lent, valid until the next read), all consumed. */
  pollReadLent(cx: Context): Poll<Uint8Array> {
    const avail = this.pollFillBuf(cx)
    if (avail === Pending) return Pending
    this.consume(avail.length)
    return avail
  }

  /**
   * Poll for the bytes up to and including the first `delimiter`; at end of stream, what is
   * left (possibly without the delimiter; empty when nothing is left). Consumes only when it
   * returns, so stopping between polls loses nothing.
   * @throws FrameTooLarge when more than `maxLength` bytes arrive without the delimiter.
   */
  pollReadUntil(cx: Context, delimiter: number, maxLength: number): Poll<Uint8Array> {
    let searched = 0
    for (;;) {
      if (this.#pos === this.#end && this.#lentPos < this.#lent.length) {
        // lent bytes and nothing older: search them in place, copy out only the line
        const l = this.#lent
        const i = l.indexOf(delimiter, this.#lentPos)
        if (i >= 0) {
          if (i - this.#lentPos >= maxLength)
            throw new FrameTooLarge(`readUntil(${this.label})`, i + 1 - this.#lentPos, maxLength)
          const out = copyOut(l, this.#lentPos, i + 1)
          this.#lentPos = i + 1
          return out
        }
      }
      const b = this.#buf
      const i = b.indexOf(delimiter, this.#pos + searched)
      if (i >= 0 && i < this.#end) {
        if (i - this.#pos >= maxLength)
          throw new FrameTooLarge(`readUntil(${this.label})`, i + 1 - this.#pos, maxLength)
        const out = copyOut(b, this.#pos, i + 1)
        this.#pos = i + 1
        return out
      }
      searched = this.#end - this.#pos
      if (searched > maxLength) throw new FrameTooLarge(`readUntil(${this.label})`, searched, maxLength)
      if (this.#lentPos < this.#lent.length) {
        // move lent bytes behind the partial line, no more than the limit can still take
        const rest = this.#lent.length - this.#lentPos
        const k = Math.min(rest, maxLength + 1 - searched)
        this.#makeRoom(k)
        this.#buf.set(this.#lent.subarray(this.#lentPos, this.#lentPos + k), this.#end)
        this.#end += k
        this.#lentPos += k
        continue
      }
      const inner = this.inner
      let n: Poll<number>
      if (inner.pollReadLent !== undefined) {
        if (searched === 0) this.#pos = this.#end = 0
        const v = inner.pollReadLent(cx)
        if (v === Pending) return Pending
        this.#lent = plainBytes(v)
        this.#lentPos = 0
        n = v.length
      } else {
        this.#makeRoom(1)
        n = inner.pollRead(cx, this.#buf.subarray(this.#end))
        if (n === Pending) return Pending
        this.#end += n
      }
      if (n === 0) {
        const out = this.#buf.slice(this.#pos, this.#end)
        this.#pos = this.#end = 0
        return out
      }
    }
  }

  /** Make room for `need` bytes after the buffered ones: compact, or grow (doubling) when it must. */
  #makeRoom(need: number): void {
    const b = this.#buf
    if (b.length - this.#end >= need) return
    const len = this.#end - this.#pos
    if (b.length - len >= need && len <= b.length / 2) b.copyWithin(0, this.#pos, this.#end)
    else {
      let cap = b.length * 2
      while (cap - len < need) cap *= 2
      const nb = new Uint8Array(cap)
      nb.set(b.subarray(this.#pos, this.#end))
      this.#buf = nb
    }
    this.#pos = 0
    this.#end = len
  }

  /**
   * A future of the buffered bytes (see {@link BufReader.pollFillBuf}); empty at end of stream.
   * @remarks Cancel safety: safe.
   */
  fillBuf(): Pollable<Uint8Array, Error> {
    return new FillBuf(this)
  }

  /**
   * The bytes up to and including `delimiter` (copied out), or what is left at end of stream
   * (empty when nothing is).
   * @remarks Cancel safety: safe; nothing is consumed until it returns.
   * @throws FrameTooLarge when more than `maxLength` bytes (default 1 MiB) come without `delimiter`.
   * @throws InvalidArgument at call time for a delimiter that is not a byte value or a bad `maxLength`.
   */
  readUntil(delimiter: number, options: { readonly maxLength?: number } = {}): Pollable<Uint8Array, Error> {
    if (!Number.isInteger(delimiter) || delimiter < 0 || delimiter > 255) {
      throw new InvalidArgument(
        "readUntil(delimiter)",
        `delimiter must be a byte value from 0 to 255, got ${String(delimiter)}`,
        'pass e.g. 10 for "\\n"',
      )
    }
    return new ReadUntil(
      this,
      delimiter,
      checkBytes("readUntil(delimiter, { maxLength })", "maxLength", options.maxLength, 1 << 20),
    )
  }

  /**
   * The next line (UTF-8, without its `\n` or `\r\n`), a last line without a terminator at end
   * of stream, then `Done`.
   * @remarks Cancel safety: safe; a cancelled `readLine` loses no byte.
   * @throws FrameTooLarge for a line longer than `maxLength` bytes (default 1 MiB).
   */
  readLine(options: { readonly maxLength?: number } = {}): Pollable<string | typeof Done, Error> {
    return new ReadLine(this, checkBytes("readLine({ maxLength })", "maxLength", options.maxLength, 1 << 20))
  }
}

class FillBuf extends IoOp<Uint8Array> {
  constructor(readonly r: BufReader) {
    super()
  }
  get label(): string {
    return `fillBuf(${this.r.label})`
  }
  protected run(cx: Context): Poll<Uint8Array> {
    return this.r.pollFillBuf(cx)
  }
  protected drop(w: Waker): void {
    this.r.dropReadWaker(w)
  }
}

class ReadUntil extends IoOp<Uint8Array> {
  constructor(
    readonly r: BufReader,
    readonly delimiter: number,
    readonly max: number,
  ) {
    super()
  }
  get label(): string {
    return `readUntil(${this.r.label}, ${this.delimiter})`
  }
  protected run(cx: Context): Poll<Uint8Array> {
    return this.r.pollReadUntil(cx, this.delimiter, this.max)
  }
  protected drop(w: Waker): void {
    this.r.dropReadWaker(w)
  }
}

class ReadLine extends IoOp<string | typeof Done> {
  constructor(
    readonly r: BufReader,
    readonly max: number,
  ) {
    super()
  }
  get label(): string {
    return `readLine(${this.r.label})`
  }
  protected run(cx: Context): Poll<string | typeof Done> {
    const b = this.r.pollReadUntil(cx, LF, this.max + 2)
    if (b === Pending) return Pending
    if (b.length === 0) return Done
    let n = b.length
    if (b[n - 1] === LF) n--
    if (n > 0 && b[n - 1] === CR) n--
    if (n > this.max) throw new FrameTooLarge(this.label, n, this.max)
    return (decoder ??= new TextDecoder("utf-8")).decode(b.subarray(0, n))
  }
  protected drop(w: Waker): void {
    this.r.dropReadWaker(w)
  }
}
