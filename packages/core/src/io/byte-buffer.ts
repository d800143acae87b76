import { InvalidArgument } from "../errors.js"

const EMPTY = new Uint8Array(0)
let encoder: TextEncoder | undefined

const SLAB = 64 * 1024
const SMALL = 4 * 1024
let slab: ArrayBuffer | undefined
let slabOff = SLAB

/**
 * A copy of `src[start, end)` that nobody else writes to. Small copies are views into a
 * shared 64 KiB slab (as Node's `Buffer` pool does): allocating one typed array per frame
 * costs more than the frame. A kept frame keeps its slab alive, never more.
 * @internal
 */
export function copyOut(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start
  if (n >= SMALL || n <= 0) return n <= 0 ? new Uint8Array(0) : src.slice(start, end)
  if (slabOff + n > SLAB) {
    slab = new ArrayBuffer(SLAB)
    slabOff = 0
  }
  const out = new Uint8Array(slab!, slabOff, n)
  out.set(src.subarray(start, end))
  slabOff = (slabOff + n + 7) & ~7
  return out
}

/**
 * `bytes` as a plain `Uint8Array` view. A subclass (Node's `Buffer`) changes what `slice`
 * means (a view, not a copy) and makes every `slice`/`subarray` go through its constructor.
 * @internal
 */
export const plainBytes = (bytes: Uint8Array): Uint8Array =>
  bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * A growable byte buffer with a consumed front — what a {@link Decoder} reads from and an
 * {@link Encoder} writes to (tokio's `BytesMut`, reduced to what codecs need).
 *
 * @remarks
 * The unconsumed bytes are `array[start, end)`. Decoders read them in place (`array`,
 * `start`, `end`, `indexOf`) and `consume(n)` what they decoded; a frame that must outlive
 * the call is copied out (`take(n)`), because the buffer is reused. It grows only when the
 * bytes written into it need the room (never on a length a peer announced): compacting
 * first, then doubling.
 *
 * @example
 * ```ts
 * const b = new ByteBuffer(16)
 * b.pushU32(5); b.push(new TextEncoder().encode("hello"))
 * b.readU32(0)          // 5
 * b.consume(4)
 * b.take(5)             // the bytes of "hello", copied
 * ```
 */
export class ByteBuffer {
  #own: Uint8Array
  #a: Uint8Array
  #view: DataView | undefined
  /** Index of the first unconsumed byte in {@link ByteBuffer.array}. */
  start = 0
  /** Index one past the last unconsumed byte. */
  end = 0

  /** @throws InvalidArgument for a capacity that is not a whole number >= 1. */
  constructor(capacity = 8192) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new InvalidArgument(
        "new ByteBuffer(capacity)",
        `expected a whole number of bytes >= 1, got ${String(capacity)}`,
        "pass e.g. 8192",
      )
    }
    this.#own = this.#a = new Uint8Array(capacity)
  }

  /** The backing array; the unconsumed bytes are `array[start, end)`. Valid until the next write or `reserve`. */
  get array(): Uint8Array {
    return this.#a
  }
  /** Unconsumed bytes. */
  get length(): number {
    return this.end - this.start
  }
  /** Bytes the buffer can hold without growing. */
  get capacity(): number {
    return this.#own.length
  }
  /** A view of the unconsumed bytes (valid until the next write). */
  view(): Uint8Array {
    return this.end === this.start ? EMPTY : this.#a.subarray(this.start, this.end)
  }
  /** Drop the first `n` unconsumed bytes. */
  consume(n: number): void {
    this.start += n
    if (this.start >= this.end) this.start = this.end = 0
  }
  /** Copy out and consume the first `n` unconsumed bytes. */
  take(n: number): Uint8Array {
    const out = copyOut(this.#a, this.start, this.start + n)
    this.consume(n)
    return out
  }
  /** Index (relative to `start`) of the first `byte` at or after relative offset `from`, or -1. */
  indexOf(byte: number, from = 0): number {
    const i = this.#a.indexOf(byte, this.start + from)
    return i < 0 || i >= this.end ? -1 : i - this.start
  }
  /** The byte at relative offset `i`. */
  byteAt(i: number): number {
    return this.#a[this.start + i]!
  }
  /** Big-endian (or little-endian) unsigned integer of `bytes` (1–4) at relative offset `i`. */
  readUint(i: number, bytes: 1 | 2 | 3 | 4, littleEndian = false): number {
    const a = this.#a
    const o = this.start + i
    let v = 0
    if (littleEndian) for (let k = bytes - 1; k >= 0; k--) v = v * 256 + a[o + k]!
    else for (let k = 0; k < bytes; k++) v = v * 256 + a[o + k]!
    return v
  }
  /** Big-endian unsigned 32-bit integer at relative offset `i`. */
  readU32(i: number): number {
    return this.readUint(i, 4)
  }
  /** Big-endian signed 32-bit integer at relative offset `i`. */
  readI32(i: number): number {
    return this.readUint(i, 4) | 0
  }

  /** Make room for `n` more bytes at `end` (compacting, then growing). */
  reserve(n: number): void {
    if (this.#a !== this.#own) this.#unlend()
    const a = this.#a
    if (a.length - this.end >= n) return
    const len = this.end - this.start
    if (a.length - len >= n && this.start > 0) {
      a.copyWithin(0, this.start, this.end)
    } else {
      let cap = a.length * 2
      while (cap - len < n) cap *= 2
      const b = new Uint8Array(cap)
      b.set(a.subarray(this.start, this.end))
      this.#own = this.#a = b
      this.#view = undefined
    }
    this.start = 0
    this.end = len
  }
  /** The free room after `end`, to read into; call {@link ByteBuffer.commit} with what was written. */
  spare(): Uint8Array {
    return this.#a.subarray(this.end)
  }
  /** Count `n` bytes written into {@link ByteBuffer.spare} as buffered. */
  commit(n: number): void {
    this.end += n
  }
  /** Append bytes. */
  push(bytes: Uint8Array): void {
    this.reserve(bytes.length)
    this.#a.set(bytes, this.end)
    this.end += bytes.length
  }
  /** Append one byte. */
  pushU8(v: number): void {
    this.reserve(1)
    this.#a[this.end++] = v
  }
  /** Append a big-endian 16-bit integer. */
  pushU16(v: number): void {
    this.reserve(2)
    const a = this.#a
    a[this.end++] = (v >>> 8) & 255
    a[this.end++] = v & 255
  }
  /** Append a big-endian 32-bit integer (signed values are written in two's complement). */
  pushU32(v: number): void {
    this.reserve(4)
    this.#dv().setUint32(this.end, v >>> 0)
    this.end += 4
  }
  /** Write a big-endian 32-bit integer at relative offset `i` (to patch a length header). */
  setU32(i: number, v: number): void {
    this.#dv().setUint32(this.start + i, v >>> 0)
  }
  /** Append `s` encoded as UTF-8; returns the number of bytes written. */
  pushString(s: string): number {
    this.reserve(s.length * 3)
    const r = (encoder ??= new TextEncoder()).encodeInto(s, this.#a.subarray(this.end))
    this.end += r.written
    return r.written
  }
  /** Drop every byte. */
  clear(): void {
    if (this.#a !== this.#own) this.#a = this.#own
    this.start = this.end = 0
  }

  /**
   * @internal Read from `bytes` in place (zero-copy) while the buffer is empty; the decoder
   * sees them as the buffer's contents. Call {@link ByteBuffer.keepLent} before the lender
   * reuses them.
   */
  lend(bytes: Uint8Array): void {
    this.#a = plainBytes(bytes)
    this.#view = undefined
    this.start = 0
    this.end = bytes.length
  }
  /** @internal True while the contents are lent bytes. */
  get lent(): boolean {
    return this.#a !== this.#own
  }
  /** @internal Copy what is left of lent bytes into the buffer's own storage. */
  keepLent(): void {
    if (this.#a !== this.#own) this.#unlend()
  }
  #unlend(): void {
    const rest = this.#a.subarray(this.start, this.end)
    this.#a = this.#own
    this.#view = undefined
    this.start = this.end = 0
    if (rest.length > 0) this.push(rest)
  }
  #dv(): DataView {
    const a = this.#a
    return (this.#view ??= new DataView(a.buffer, a.byteOffset, a.byteLength))
  }
}
