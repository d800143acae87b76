import { InvalidArgument } from "../errors.js"
import type { ByteBuffer } from "./byte-buffer.js"
import { FrameTooLarge, LineTooLong, MalformedFrame } from "./errors.js"

/**
 * Returned by {@link Decoder.decode} when the buffer does not hold a whole frame yet.
 * A registered symbol (`Symbol.for`), so two copies of core agree.
 */
export const NeedMore: unique symbol = Symbol.for("pollable.NeedMore")
/** The type of {@link NeedMore}. */
export type NeedMore = typeof NeedMore

/**
 * Turns received bytes into frames, incrementally — tokio-util's `Decoder`.
 *
 * @remarks
 * The rules a decoder keeps:
 * - `decode(src)` looks at the unconsumed bytes of `src`; when they begin with a whole frame
 *   it consumes that frame's bytes and returns the frame, else it returns {@link NeedMore}
 *   (consuming nothing, or only bytes it will never need again). A decoder may also decode
 *   several frames at once, consume their bytes and keep the frames: `framed` calls `decode`
 *   again (even on an empty buffer) until it says `NeedMore`, so none is lost.
 * - **Bounded.** It never reserves room for a length the peer announced: `framed` grows its
 *   buffer only with the bytes that arrive, and the decoder fails with `FrameTooLarge` as
 *   soon as a frame is known to exceed its limit.
 * - **Named errors.** Bytes that are not a frame throw `MalformedFrame` (or a protocol's own
 *   named error); the stream of frames then ends with that error.
 * - **Owned frames.** A returned frame must not view `src` (it is reused): copy with `take(n)`.
 * - A decoder may keep state between calls (how far it searched); use one per connection.
 * - `decodeEof(src)` is called once at end of stream while bytes remain; the default throws
 *   `MalformedFrame` ("cut short").
 */
export interface Decoder<T> {
  /** A name for error messages, e.g. `lines`. */
  readonly name?: string
  decode(src: ByteBuffer): T | NeedMore
  decodeEof?(src: ByteBuffer): T | NeedMore
}

/**
 * Turns frames into bytes — tokio-util's `Encoder`: `encode(item, dst)` appends the whole
 * frame to `dst`, or throws (a named error) having appended nothing that stays.
 */
export interface Encoder<T> {
  readonly name?: string
  encode(item: T, dst: ByteBuffer): void
}

/** A decoder and an encoder for one protocol: frames read are `In`, frames written are `Out`. */
export interface Codec<In, Out = In> extends Decoder<In>, Encoder<Out> {}

const LF = 10
const CR = 13
let utf8: TextDecoder | undefined

function checkMax(where: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw new InvalidArgument(
      where,
      `expected a whole number of bytes >= 1, got ${typeof v === "number" ? String(v) : typeof v}`,
      `pass e.g. ${fallback}, or leave it out for the default`,
    )
  }
  return v
}

class LinesCodec implements Codec<string> {
  readonly name = "lines"
  #searched = 0
  /** Lines decoded in one batch (one UTF-8 decode per read instead of one per line), handed out in order. */
  #queue: string[] = []
  #next = 0
  constructor(readonly maxLength: number) {}
  decode(src: ByteBuffer): string | NeedMore {
    if (this.#next < this.#queue.length) return this.#take()
    if (src.indexOf(LF, this.#searched) < 0) {
      this.#searched = src.length
      if (src.length > this.maxLength) throw new LineTooLong("lines codec", this.maxLength)
      return NeedMore
    }
    const a = src.array
    const s = src.start
    const last = a.lastIndexOf(LF, src.end - 1)
    const max = this.maxLength
    if (last - s > max) {
      // the batch could hold a line over the limit: check each line's bytes
      for (let p = s, i; p <= last; p = i + 1) {
        i = a.indexOf(LF, p)
        if (i - p > max + (i > p && a[i - 1] === CR ? 1 : 0)) throw new LineTooLong("lines codec", max)
      }
    }
    // a \n byte is never inside a multi-byte UTF-8 sequence: decoding up to it splits no character
    const text = (utf8 ??= new TextDecoder("utf-8")).decode(a.subarray(s, last))
    src.consume(last + 1 - s)
    this.#searched = 0
    this.#queue = text.split("\n")
    this.#next = 0
    return this.#take()
  }
  #take(): string {
    const q = this.#queue
    const line = q[this.#next++]!
    if (this.#next === q.length) {
      this.#queue = []
      this.#next = 0
    }
    return line.length > 0 && line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line
  }
  decodeEof(src: ByteBuffer): string | NeedMore {
    if (this.#next < this.#queue.length) return this.#take()
    this.#searched = 0
    if (src.length === 0) return NeedMore
    const n = src.length
    const line = (utf8 ??= new TextDecoder("utf-8")).decode(
      src.view().subarray(0, n > 0 && src.byteAt(n - 1) === CR ? n - 1 : n),
    )
    src.consume(n)
    return line
  }
  encode(line: string, dst: ByteBuffer): void {
    dst.pushString(line)
    dst.pushU8(LF)
  }
}

/**
 * A codec of text lines: frames are strings split on `\n` (a trailing `\r` is dropped), a last
 * line without a terminator is a frame at end of stream; `encode` appends `\n`.
 * @remarks `maxLength` (bytes, default 64 KiB) bounds a line: a longer one throws `LineTooLong`
 * as soon as that many bytes came without a `\n`.
 * @throws InvalidArgument for a bad `maxLength`.
 * @example
 * ```ts
 * const conn = framed(fd, linesCodec({ maxLength: 8192 }))
 * yield* conn.send("PING")
 * const reply = yield* conn.next()        // "PONG", or Done
 * ```
 */
export const linesCodec = (options: { readonly maxLength?: number } = {}): Codec<string> =>
  new LinesCodec(checkMax("linesCodec({ maxLength })", options.maxLength, 64 * 1024))

/** Options of {@link lengthDelimited}. */
export interface LengthDelimitedOptions {
  /** Bytes before the length field (e.g. a type byte). Default 0. */
  readonly lengthOffset?: number
  /** Size of the length field: 1, 2, 3 or 4 bytes. Default 4. */
  readonly lengthBytes?: 1 | 2 | 3 | 4
  /** The length field is little-endian. Default false (network order). */
  readonly littleEndian?: boolean
  /** Added to the length field to get the bytes after the header (e.g. -4 when the field counts itself). Default 0. */
  readonly lengthAdjustment?: number
  /** Header bytes left out of the frame: default all (`lengthOffset + lengthBytes`); 0 keeps the whole message. */
  readonly skip?: number
  /**
   * Largest body (bytes after the header) accepted; a larger announced length throws `FrameTooLarge`. Default 8 MiB.
   */
  readonly maxFrame?: number
}

class LengthDelimited implements Codec<Uint8Array> {
  readonly name = "lengthDelimited"
  readonly offset: number
  readonly field: 1 | 2 | 3 | 4
  readonly le: boolean
  readonly adjust: number
  readonly skip: number
  readonly max: number
  constructor(o: LengthDelimitedOptions) {
    const where = "lengthDelimited(options)"
    const whole = (k: string, v: unknown, d: number, min: number): number => {
      if (v === undefined) return d
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min)
        throw new InvalidArgument(
          where,
          `${k} must be a whole number >= ${min}, got ${String(v)}`,
          `fix ${k} or leave it out (default ${d})`,
        )
      return v
    }
    this.offset = whole("lengthOffset", o.lengthOffset, 0, 0)
    const f = o.lengthBytes ?? 4
    if (f !== 1 && f !== 2 && f !== 3 && f !== 4)
      throw new InvalidArgument(
        where,
        `lengthBytes must be 1, 2, 3 or 4, got ${String(f)}`,
        "pass the size of the length field in bytes",
      )
    this.field = f
    this.le = o.littleEndian === true
    this.adjust = whole("lengthAdjustment", o.lengthAdjustment, 0, -(2 ** 32))
    this.skip = whole("skip", o.skip, this.offset + f, 0)
    if (this.skip > this.offset + f)
      throw new InvalidArgument(
        where,
        `skip (${this.skip}) is larger than the header (${this.offset + f} bytes)`,
        "skip at most lengthOffset + lengthBytes",
      )
    this.max = checkMax(`${where} maxFrame`, o.maxFrame, 8 * 1024 * 1024)
  }
  decode(src: ByteBuffer): Uint8Array | NeedMore {
    const header = this.offset + this.field
    if (src.length < header) return NeedMore
    const body = src.readUint(this.offset, this.field, this.le) + this.adjust
    if (body < 0)
      throw new MalformedFrame(
        this.name,
        `the length field says ${body - this.adjust}, less than the ${-this.adjust} bytes it must count`,
      )
    if (body > this.max) throw new FrameTooLarge(this.name, body, this.max)
    const total = header + body
    if (src.length < total) return NeedMore
    if (this.skip > 0) src.consume(this.skip)
    return src.take(total - this.skip)
  }
  encode(payload: Uint8Array, dst: ByteBuffer): void {
    if (this.offset !== 0 || this.skip !== this.field) {
      throw new InvalidArgument(
        "lengthDelimited().encode",
        "this codec's header has bytes before the length field or keeps its header in frames, " +
          "so it cannot write one itself",
        "encode such messages with your own Encoder (write the whole header)",
      )
    }
    if (payload.length > this.max) throw new FrameTooLarge(this.name, payload.length, this.max)
    const v = payload.length - this.adjust
    if (v < 0 || v >= 2 ** (8 * this.field))
      throw new FrameTooLarge(this.name, payload.length, 2 ** (8 * this.field) - 1 + this.adjust)
    dst.reserve(this.field + payload.length)
    for (let k = 0; k < this.field; k++) {
      const shift = this.le ? k : this.field - 1 - k
      dst.pushU8(Math.floor(v / 2 ** (8 * shift)) & 255)
    }
    dst.push(payload)
  }
}

/**
 * A codec of length-prefixed frames (tokio-util's `LengthDelimitedCodec`): a header with a
 * length field (configurable size, position, byte order and adjustment), then the body.
 * Frames are the body bytes (or the whole message with `skip: 0`).
 * @remarks The announced length is checked against `maxFrame` before any byte of the body is
 * awaited, and nothing is allocated for it: memory grows only with bytes received.
 * A negative length (after `lengthAdjustment`) throws `MalformedFrame`.
 * @throws InvalidArgument for bad options.
 * @example
 * ```ts
 * // PostgreSQL backend messages: a type byte, a 4-byte length that counts itself
 * const pg = lengthDelimited({ lengthOffset: 1, lengthAdjustment: -4, skip: 0, maxFrame: 1 << 26 })
 * const frames = framedRead(fd, pg)        // Stream<Uint8Array>: whole messages
 * ```
 */
export const lengthDelimited = (options: LengthDelimitedOptions = {}): Codec<Uint8Array> => new LengthDelimited(options)

class BytesCodec implements Codec<Uint8Array> {
  readonly name = "bytes"
  decode(src: ByteBuffer): Uint8Array | NeedMore {
    return src.length === 0 ? NeedMore : src.take(src.length)
  }
  encode(bytes: Uint8Array, dst: ByteBuffer): void {
    dst.push(bytes)
  }
}

/**
 * The identity codec (tokio-util's `BytesCodec`): each frame is whatever bytes arrived
 * (copied out), and frames written are sent as they are.
 */
export const bytesCodec = (): Codec<Uint8Array> => new BytesCodec()
