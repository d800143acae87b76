// A small RESP2 (Redis protocol) client written once on core's IO layers: a RESP codec
// under framed(fd, codec), and pipeline() matching replies to commands. It needs only a
// connected AsyncFd, so it runs on every executor (reference, native, RxJS, Effect) and
// over any IoSource (a Node socket, the in-memory pair in tests).
//
// It is cancel-safe: pipeline() keeps every sent command's place in the queue of in-flight
// requests, so a caller that gives up (timeout, select, abort) never leaves its reply to be
// read by the next command.
import {
  Done,
  FdClosed,
  framed,
  FutureBase,
  type Pollable,
  InvalidArgument,
  NeedMore as CoreNeedMore,
  Pending,
  pipeline,
  PipelineClosed,
  PollableError,
  StreamBase,
  type AsyncFd,
  type Codec,
  type Context,
  type Framed,
  type IoSource,
  type Pipeline,
  type PipelineCall,
  type Poll,
  type Waker,
} from "@pollable/core"
import { NeedMore, RespDecoder, RespError, RespProtocolError, type RespLimits, type RespValue } from "./decoder.js"
import { encodeCommand, encodeCommands, type RespArg } from "./encoder.js"

export {
  RespDecoder,
  RespError,
  RespProtocolError,
  RespTooLarge,
  NeedMore,
  defaultRespLimits,
  type RespLimits,
  type RespValue,
} from "./decoder.js"
export { encodeCommand, encodeCommands, type RespArg } from "./encoder.js"

/** The connection ended (EOF) while replies were still expected. */
export class RespClosed extends RespProtocolError {
  constructor() {
    super("the connection closed before every reply arrived")
  }
}

/**
 * A command on a connection that already failed (a protocol error, a reset, EOF, or
 * `close()`): its replies can no longer be matched to commands. `cause` is the first failure.
 */
export class RespConnectionBroken extends PollableError {
  constructor(
    readonly connection: string,
    cause: unknown,
  ) {
    super(
      `${connection} failed earlier (${cause instanceof Error ? cause.message : String(cause)}) ` +
        `and takes no more commands; open a new client`,
      { cause },
    )
  }
}

/** A command on a connection in subscriber mode (after `subscribe()`). */
export class RespSubscriberMode extends PollableError {
  constructor(readonly connection: string) {
    super(`${connection} is subscribed to channels and only delivers messages; send commands on another client`)
  }
}

/** Options of {@link RespClient}: the decoder's size limits. */
export type RespClientOptions = RespLimits

/** A message received on a subscribed channel. */
export interface RespMessage {
  readonly channel: string
  readonly message: string
}

/**
 * RESP replies as frames: the incremental, bounded {@link RespDecoder} behind core's
 * `Decoder` contract. Bytes are handed to the decoder as they arrive (copied out of the
 * framed buffer, which is reused), and every complete top-level reply is a frame.
 */
export function respCodec(options: RespClientOptions = {}): Codec<RespValue, Uint8Array> {
  const d = new RespDecoder(options)
  return {
    name: "resp",
    decode(src) {
      if (src.length > 0) d.push(src.take(src.length))
      const v = d.next()
      return v === NeedMore ? CoreNeedMore : v
    },
    encode(command, dst) {
      dst.push(command)
    },
  }
}

/** Collects `want` replies of one request: a command (1), a pipeline (n), a SUBSCRIBE (one per channel). */
const collect = (want: number) => {
  const replies: RespValue[] = []
  return (frame: RespValue): RespValue[] | typeof CoreNeedMore => (replies.push(frame) < want ? CoreNeedMore : replies)
}

/** The shared state of one connection: the framed fd and the request/reply pipeline over it. */
class Connection<S extends IoSource> {
  readonly fd: AsyncFd<S>
  readonly frames: Framed<RespValue, Uint8Array>
  readonly rpc: Pipeline<Uint8Array, RespValue>
  /** Set once the connection failed: later requests fail with RespConnectionBroken. */
  broken: unknown = undefined
  subscribed = false
  constructor(fd: AsyncFd<S>, options: RespClientOptions) {
    this.fd = fd
    // highWaterMark 1: a request is encoded only once the ones before it were written, so a
    // request cancelled while queued behind a blocked write is never sent
    this.frames = framed(fd, respCodec(options), { highWaterMark: 1 })
    this.rpc = pipeline(this.frames, { maxInFlight: 1 << 20, label: `RESP connection over ${fd.label}` })
  }
  get label(): string {
    return this.rpc.label
  }
  /** The connection failed with `e` (the first failure wins); its fd is closed. */
  fail(e: unknown): void {
    this.broken ??= e
    this.fd.close()
  }
}

/** A request future: its bytes go through the pipeline; `finish` shapes its replies. */
class Request<S extends IoSource, T> extends FutureBase<T, Error> {
  #call: PipelineCall<RespValue[]> | undefined
  constructor(
    readonly conn: Connection<S>,
    readonly name: string,
    readonly bytes: Uint8Array,
    readonly want: number,
    readonly subscribe: boolean,
    readonly finish: (replies: RespValue[]) => T,
  ) {
    super()
  }
  get label(): string {
    return `resp ${this.name} (${this.conn.fd.label})`
  }
  protected step(cx: Context): Poll<T> {
    const conn = this.conn
    let call = this.#call
    if (call === undefined) {
      if (this.want === 0) return this.finish([]) // an empty pipeline: nothing to send
      if (conn.broken !== undefined) throw new RespConnectionBroken(conn.label, conn.broken)
      if (conn.subscribed) throw new RespSubscriberMode(conn.label)
      this.#call = call = conn.rpc.call(this.bytes, collect(this.want))
    }
    let r: Poll<RespValue[]>
    try {
      r = call.poll(cx)
    } catch (e) {
      if (!(e instanceof PipelineClosed)) throw e
      // the connection failed under this request: report why (EOF is RespClosed)
      const cause = e.cause ?? new RespClosed()
      conn.fail(cause)
      throw cause instanceof Error ? cause : new RespConnectionBroken(conn.label, cause)
    }
    if (r === Pending) return Pending
    if (this.subscribe) {
      const bad = r.find((x) => !Array.isArray(x) || x[0] !== "subscribe")
      if (bad !== undefined) {
        const e = new RespProtocolError(`expected a subscribe confirmation, got ${JSON.stringify(bad)}`)
        conn.fail(e)
        throw e
      }
      conn.subscribed = true
    }
    return this.finish(r)
  }
  protected onCancel(): void {
    this.#call?.cancel()
  }
}

class Messages<S extends IoSource> extends StreamBase<RespMessage, Error> {
  /** The waker of the pending poll, forgotten by the frames when this stream is cancelled. */
  #waker: Waker | undefined
  constructor(readonly conn: Connection<S>) {
    super()
  }
  get label(): string {
    return `messages(${this.conn.fd.label})`
  }
  protected step(cx: Context): Poll<RespMessage | typeof Done> {
    const frames = this.conn.frames
    for (;;) {
      let r: Poll<RespValue | typeof Done>
      try {
        r = frames.pollNext(cx)
      } catch (e) {
        this.conn.fail(e)
        throw e
      }
      this.#waker = r === Pending ? cx.waker : undefined
      if (r === Pending || r === Done) return r
      if (Array.isArray(r) && r[0] === "message") return { channel: String(r[1]), message: String(r[2]) }
      // subscribe/unsubscribe confirmations and pongs are skipped
    }
  }
  protected override onDropWaker(waker: Waker): void {
    this.conn.frames.dropWaker(waker)
  }
  protected onCancel(): void {
    const w = this.#waker
    this.#waker = undefined
    if (w !== undefined) this.conn.frames.dropWaker(w)
  }
}

const first = (replies: RespValue[]): RespValue => {
  const r = replies[0]!
  if (r instanceof RespError) throw r
  return r
}
const all = (replies: RespValue[]): RespValue[] => replies

/**
 * A RESP2 client over a connected {@link AsyncFd}; it owns the fd from then on.
 *
 * @remarks
 * Concurrency: commands may be issued concurrently (from several tasks, or with `join`);
 * they are written in the order they are first polled and their replies are matched in
 * that order (implicit pipelining). {@link RespClient.pipeline} sends many in one write.
 *
 * Cancel safety: safe — a cancelled command never desynchronises the connection. Core's
 * `pipeline` keeps a queue of in-flight requests. A command is encoded for writing only
 * once the commands before it were written; cancelled before that, it is never sent. A
 * command cancelled after that (e.g. by `timeout` while the server stalls) keeps its
 * place: the rest of its bytes are still written, and its reply is read and discarded when
 * it arrives, so the next command gets its own reply. The server may still have executed it.
 *
 * Failures: a protocol error ({@link RespProtocolError}, {@link RespTooLarge}), an IO error
 * (`ConnectionReset`) or EOF ({@link RespClosed}) fails every command in flight with that
 * error and closes the fd; later commands fail with {@link RespConnectionBroken}. Replies
 * are decoded with bounded memory ({@link RespClientOptions}: 512 MiB bulk strings by
 * default, like Redis' `proto-max-bulk-len`).
 *
 * @example
 * ```ts
 * const fd = yield* connect("127.0.0.1", 6379)
 * const redis = new RespClient(fd)
 * yield* redis.set("k", "v")
 * const v = yield* redis.get("k")                   // "v"
 * const r = yield* timeout(redis.get("slow"), 200)  // on TimeoutError the connection stays in step
 * ```
 */
export class RespClient<S extends IoSource = IoSource> {
  readonly #conn: Connection<S>
  /** @throws InvalidArgument for a limit that is not a whole number >= 1. */
  constructor(
    readonly fd: AsyncFd<S>,
    options: RespClientOptions = {},
  ) {
    this.#conn = new Connection(fd, options)
  }

  /**
   * Send one command and read its reply.
   * @remarks Cancel safety: safe (see {@link RespClient}).
   * @throws RespError for an error reply; the connection's failures (see {@link RespClient}).
   */
  command(...args: RespArg[]): Pollable<RespValue, Error> {
    return new Request(this.#conn, String(args[0] ?? "command"), encodeCommand(args), 1, false, first)
  }

  /**
   * Send all commands in one write, then read all replies (error replies stay values).
   * @remarks Cancel safety: safe; a cancelled pipeline's replies are all read and discarded.
   */
  pipeline(commands: readonly (readonly RespArg[])[]): Pollable<RespValue[], Error> {
    return new Request(
      this.#conn,
      `pipeline of ${commands.length}`,
      encodeCommands(commands),
      commands.length,
      false,
      all,
    )
  }

  ping(): Pollable<RespValue, Error> {
    return this.command("PING")
  }
  set(key: string, value: RespArg): Pollable<RespValue, Error> {
    return this.command("SET", key, value)
  }
  get(key: string): Pollable<RespValue, Error> {
    return this.command("GET", key)
  }
  incr(key: string): Pollable<RespValue, Error> {
    return this.command("INCR", key)
  }
  publish(channel: string, message: string): Pollable<RespValue, Error> {
    return this.command("PUBLISH", channel, message)
  }

  /**
   * Subscribe to channels; resolves once the server confirmed every channel, to a stream of
   * messages. The connection is in subscriber mode afterwards: other commands fail with
   * {@link RespSubscriberMode}; use another client for them.
   * @remarks Cancel safety: cancelling the stream stops reading; close the client to unsubscribe.
   * @throws InvalidArgument at the call when no channel is given.
   */
  subscribe(...channels: string[]): Pollable<StreamBase<RespMessage, Error>, Error> {
    if (channels.length === 0)
      throw new InvalidArgument("subscribe()", "no channel given", "pass at least one channel name")
    const conn = this.#conn
    return new Request(
      conn,
      "SUBSCRIBE",
      encodeCommand(["SUBSCRIBE", ...channels]),
      channels.length,
      true,
      () => new Messages(conn) as StreamBase<RespMessage, Error>,
    )
  }

  /** Close the connection: commands in flight fail with `FdClosed`, later ones with {@link RespConnectionBroken}. */
  close(): void {
    this.#conn.fail(new FdClosed(this.fd.label, "RESP command"))
  }
}
