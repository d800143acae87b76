import type { Pollable } from "../contracts/future.js"
import { Done } from "../contracts/stream.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { StreamBase } from "../stream/stream-base.js"
import { checkBytes } from "./buf-reader.js"
import { ByteBuffer } from "./byte-buffer.js"
import type { AsyncRead, AsyncReadWrite, AsyncWrite } from "./byte-stream.js"
import { NeedMore, type Codec, type Decoder, type Encoder } from "./codec.js"
import { MalformedFrame } from "./errors.js"
import { checkReader, checkWriter, IoOp, labelOf } from "./helpers.js"

/** Options of {@link framed}, {@link framedRead} and {@link framedWrite}. */
export interface FramedOptions {
  /** Initial read buffer bytes; it grows only as received bytes need. Default 8 KiB. */
  readonly readCapacity?: number
  /** Encoded bytes buffered before `feed`/`send` wait for the writer (backpressure). Default 64 KiB. */
  readonly highWaterMark?: number
}

/** The read side of a framed connection. @internal */
class ReadState<T> {
  readonly buf: ByteBuffer
  readonly reserve: number
  /** New bytes arrived since the decoder last said `NeedMore`. */
  fresh = true
  eof = false
  constructor(
    readonly reader: AsyncRead,
    readonly decoder: Decoder<T>,
    capacity: number,
  ) {
    this.buf = new ByteBuffer(capacity)
    this.reserve = Math.max(1024, capacity >> 1)
  }
  poll(cx: Context): Poll<T | typeof Done> {
    const buf = this.buf
    const dec = this.decoder
    for (;;) {
      if (this.fresh) {
        // also on an empty buffer: a decoder may hold frames it decoded in one batch
        const f = dec.decode(buf)
        if (f !== NeedMore) return f
        this.fresh = false
      }
      if (this.eof) {
        if (buf.length === 0) return Done
        const f = dec.decodeEof !== undefined ? dec.decodeEof(buf) : NeedMore
        if (f !== NeedMore) return f
        if (buf.length > 0)
          throw new MalformedFrame(dec.name ?? "decoder", `the stream ended inside a frame (${buf.length} bytes left)`)
        return Done
      }
      const r = this.reader
      if (buf.lent) buf.keepLent() // the next read reuses the lent bytes: keep the partial frame
      if (r.pollReadLent !== undefined) {
        const v = r.pollReadLent(cx)
        if (v === Pending) return Pending
        if (v.length === 0) this.eof = true
        else if (buf.length === 0)
          buf.lend(v) // zero-copy: decode in place from the reader's bytes
        else buf.push(v) // behind a partial frame: one copy; the buffer grows with bytes received
      } else {
        if (buf.array.length - buf.end < 512) buf.reserve(this.reserve)
        const n = r.pollRead(cx, buf.spare())
        if (n === Pending) return Pending
        if (n === 0) this.eof = true
        else buf.commit(n)
      }
      this.fresh = true
    }
  }
}

/** The write side of a framed connection. @internal */
class WriteState<T> {
  readonly buf = new ByteBuffer(8192)
  constructor(
    readonly writer: AsyncWrite,
    readonly encoder: Encoder<T>,
    readonly hwm: number,
  ) {}
  #drain(cx: Context, below: number): Poll<void> {
    const buf = this.buf
    while (buf.length > below) {
      const n = this.writer.pollWrite(cx, buf.view())
      if (n === Pending) return Pending
      buf.consume(n)
    }
    return undefined
  }
  pollReady(cx: Context): Poll<void> {
    return this.buf.length < this.hwm ? undefined : this.#drain(cx, this.hwm - 1)
  }
  startSend(item: T): void {
    const buf = this.buf
    const len = buf.length
    try {
      this.encoder.encode(item, buf)
    } catch (e) {
      buf.end = buf.start + len // an encoder that threw leaves no partial frame
      throw e
    }
  }
  pollFlush(cx: Context): Poll<void> {
    if (this.#drain(cx, 0) === Pending) return Pending
    return this.writer.pollFlush(cx)
  }
  pollClose(cx: Context): Poll<void> {
    if (this.#drain(cx, 0) === Pending) return Pending
    return this.writer.pollShutdown(cx)
  }
}

/** What a {@link FramedWrite} future does. @internal */
const Op = { Feed: 0, Send: 1, Flush: 2, Close: 3 } as const
type Op = (typeof Op)[keyof typeof Op]

class SinkOp<T> extends IoOp<void> {
  #queued = false
  constructor(
    readonly w: WriteState<T>,
    readonly op: Op,
    readonly item: T | undefined,
    readonly name: string,
  ) {
    super()
  }
  get label(): string {
    return `${["feed", "send", "flush", "close"][this.op]}(${this.name})`
  }
  protected run(cx: Context): Poll<void> {
    const w = this.w
    if (this.op <= Op.Send && !this.#queued) {
      if (w.pollReady(cx) === Pending) return Pending
      w.startSend(this.item as T)
      this.#queued = true
      if (this.op === Op.Feed) return undefined
    }
    return this.op === Op.Close ? w.pollClose(cx) : w.pollFlush(cx)
  }
  protected drop(waker: Waker): void {
    this.w.writer.dropWriteWaker?.(waker)
  }
}

/**
 * The sending side of a framed connection (a sink of frames), from {@link framedWrite} or
 * {@link framed}. Frames are encoded into a write buffer; `feed` waits only while the buffer
 * holds `highWaterMark` bytes or more (backpressure), `flush` hands everything to the writer.
 *
 * @remarks
 * Cancel safety: a frame is queued whole or not at all — encoding happens in one step, so a
 * cancelled `send`/`feed` either queued the frame (the next flush sends it) or did nothing.
 * `flush` and `close` are safe to stop and call again. One task sends at a time.
 */
export interface FrameSink<T> {
  /** Wait for room, queue `item` (encoded), return without flushing. */
  feed(item: T): Pollable<void, Error>
  /** `feed(item)`, then flush. */
  send(item: T): Pollable<void, Error>
  /** Write every queued byte and flush the writer. */
  flush(): Pollable<void, Error>
  /** Flush, then shut the writer down (the peer reads end of stream). */
  close(): Pollable<void, Error>
  /** Poll-level: `undefined` once a frame may be queued (the buffer is below the high-water mark). */
  pollReady(cx: Context): Poll<void>
  /**
   * Poll-level: queue a frame now (after `pollReady` said ready). @throws the encoder's errors; nothing is queued then.
   */
  startSend(item: T): void
  /** Poll-level flush. */
  pollFlush(cx: Context): Poll<void>
  /** Encoded bytes waiting to be written. */
  readonly buffered: number
}

class Sink<T> implements FrameSink<T> {
  readonly #w: WriteState<T>
  constructor(
    w: WriteState<T>,
    readonly name: string,
  ) {
    this.#w = w
  }
  feed(item: T): Pollable<void, Error> {
    return new SinkOp(this.#w, Op.Feed, item, this.name)
  }
  send(item: T): Pollable<void, Error> {
    return new SinkOp(this.#w, Op.Send, item, this.name)
  }
  flush(): Pollable<void, Error> {
    return new SinkOp<T>(this.#w, Op.Flush, undefined, this.name)
  }
  close(): Pollable<void, Error> {
    return new SinkOp<T>(this.#w, Op.Close, undefined, this.name)
  }
  pollReady(cx: Context): Poll<void> {
    return this.#w.pollReady(cx)
  }
  startSend(item: T): void {
    this.#w.startSend(item)
  }
  pollFlush(cx: Context): Poll<void> {
    return this.#w.pollFlush(cx)
  }
  get buffered(): number {
    return this.#w.buf.length
  }
}

/**
 * A stream of the frames decoded from a reader (tokio-util's `FramedRead`).
 * @remarks Cancel safety: safe — a frame is taken from the buffer only in the poll that
 * returns it, and bytes read stay buffered, so a cancelled `next()` loses nothing.
 * The stream ends (`Done`) at end of stream, and fails with the decoder's named error
 * (`MalformedFrame`, `FrameTooLarge`, `LineTooLong`) or the reader's.
 */
export class FramedRead<T> extends StreamBase<T, Error> {
  /** @internal */
  readonly rs: ReadState<T>
  readonly #label: string
  /** @internal */
  constructor(reader: AsyncRead, decoder: Decoder<T>, options: FramedOptions, label: string) {
    super()
    this.rs = new ReadState(
      reader,
      decoder,
      checkBytes("framed(io, codec, { readCapacity })", "readCapacity", options.readCapacity, 8192),
    )
    this.#label = label
  }
  get label(): string {
    return this.#label
  }
  /** Bytes received and not yet decoded into a frame. */
  get buffered(): number {
    return this.rs.buf.length
  }
  #waker: Waker | undefined
  protected step(cx: Context): Poll<T | typeof Done> {
    const r = this.rs.poll(cx)
    this.#waker = r === Pending ? cx.waker : undefined
    return r
  }
  /** A cancelled `next()`: the reader forgets its waker; every buffered byte and frame stays. */
  protected override onDropWaker(waker: Waker): void {
    if (this.#waker !== waker) return
    this.#waker = undefined
    this.rs.reader.dropReadWaker?.(waker)
  }
  protected onCancel(): void {
    const w = this.#waker
    this.#waker = undefined
    if (w !== undefined) this.rs.reader.dropReadWaker?.(w)
  }
}

/**
 * A framed duplex: a {@link Stream} of the frames read (`next()`, `pollNext`) and a
 * {@link FrameSink} of the frames written (`send`, `feed`, `flush`, `close`).
 */
export class Framed<In, Out = In> extends FramedRead<In> implements FrameSink<Out> {
  readonly #sink: Sink<Out>
  /** @internal */
  constructor(io: AsyncReadWrite, codec: Codec<In, Out>, options: FramedOptions) {
    const name = `framed(${labelOf(io)}, ${codec.name ?? "codec"})`
    super(io, codec, options, name)
    this.#sink = new Sink(
      new WriteState(
        io,
        codec,
        checkBytes("framed(io, codec, { highWaterMark })", "highWaterMark", options.highWaterMark, 65536),
      ),
      name,
    )
  }
  feed(item: Out): Pollable<void, Error> {
    return this.#sink.feed(item)
  }
  send(item: Out): Pollable<void, Error> {
    return this.#sink.send(item)
  }
  flush(): Pollable<void, Error> {
    return this.#sink.flush()
  }
  close(): Pollable<void, Error> {
    return this.#sink.close()
  }
  pollReady(cx: Context): Poll<void> {
    return this.#sink.pollReady(cx)
  }
  startSend(item: Out): void {
    this.#sink.startSend(item)
  }
  pollFlush(cx: Context): Poll<void> {
    return this.#sink.pollFlush(cx)
  }
  /** Encoded bytes waiting to be written. */
  get writeBuffered(): number {
    return this.#sink.buffered
  }
  /** The write side alone, to hand to another task than the reader. */
  get sink(): FrameSink<Out> {
    return this.#sink
  }
}

const checkCodec = (where: string, c: unknown, dec: boolean, enc: boolean): void => {
  const o = c as { decode?: unknown; encode?: unknown }
  if (
    typeof c !== "object" ||
    c === null ||
    (dec && typeof o.decode !== "function") ||
    (enc && typeof o.encode !== "function")
  ) {
    throw new InvalidArgumentFor(
      where,
      `expected a ${dec && enc ? "codec (decode and encode)" : dec ? "decoder (decode)" : "encoder (encode)"}, ` +
        `got ${c === null ? "null" : typeof c}`,
    )
  }
}

class InvalidArgumentFor extends InvalidArgument {
  constructor(where: string, what: string) {
    super(where, what, "pass linesCodec(), lengthDelimited(), bytesCodec() or your own codec object")
  }
}

/**
 * Frames over a duplex byte stream (tokio-util's `Framed`): read frames as a {@link Stream}
 * (`next()`), write them with backpressure (`send`, `feed`, `flush`).
 *
 * @remarks
 * - Reads go into a buffer that grows only with the bytes received; the codec bounds frames.
 *   With a reader that lends its bytes (an `AsyncFd` over an `onread` socket), frames are
 *   decoded from the lent bytes without copying them into the buffer.
 * - The read side and the write side are independent: one task may read while another sends
 *   (through `framed.sink`), as long as the duplex keeps its directions apart (an `AsyncFd`
 *   does). For fully separate ownership, `split(io)` first and use {@link framedRead} /
 *   {@link framedWrite} on the halves.
 * - Nothing is sent until a flush: `send` flushes, `feed` does not (batch many, then `flush`).
 * @throws InvalidArgument at call time for a non-duplex, a non-codec or bad options.
 * @example
 * ```ts
 * const conn = framed(fd, linesCodec())
 * yield* conn.send("hello")
 * for (let line; (line = yield* conn.next()) !== Done; ) {
 *   if (line === "bye") break
 *   yield* conn.send(`echo ${line}`)
 * }
 * ```
 */
export function framed<In, Out = In>(
  io: AsyncReadWrite,
  codec: Codec<In, Out>,
  options: FramedOptions = {},
): Framed<In, Out> {
  checkReader("framed(io, codec)", io)
  checkWriter("framed(io, codec)", io)
  checkCodec("framed(io, codec)", codec, true, true)
  return new Framed(io, codec, options)
}

/**
 * A stream of the frames decoded from `reader` (see {@link framed}). @throws InvalidArgument for a non-reader or
 * non-decoder.
 */
export function framedRead<T>(reader: AsyncRead, decoder: Decoder<T>, options: FramedOptions = {}): FramedRead<T> {
  checkReader("framedRead(reader, decoder)", reader)
  checkCodec("framedRead(reader, decoder)", decoder, true, false)
  return new FramedRead(reader, decoder, options, `framedRead(${labelOf(reader)}, ${decoder.name ?? "decoder"})`)
}

/**
 * A sink of frames encoded onto `writer` (see {@link framed}). @throws InvalidArgument for a non-writer or non-encoder.
 */
export function framedWrite<T>(writer: AsyncWrite, encoder: Encoder<T>, options: FramedOptions = {}): FrameSink<T> {
  checkWriter("framedWrite(writer, encoder)", writer)
  checkCodec("framedWrite(writer, encoder)", encoder, false, true)
  const name = `framedWrite(${labelOf(writer)}, ${encoder.name ?? "encoder"})`
  return new Sink(
    new WriteState(
      writer,
      encoder,
      checkBytes("framedWrite(writer, encoder, { highWaterMark })", "highWaterMark", options.highWaterMark, 65536),
    ),
    name,
  )
}
