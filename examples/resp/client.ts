// A small RESP2 (Redis protocol) client written once on core's AsyncFd: it needs only a
// connected AsyncFd, so it runs on every executor (reference, native, RxJS, Effect) and
// over any IoSource (a Node socket, the in-memory pair in tests).
//
// It is cancel-safe: commands share the connection through a FIFO of in-flight requests,
// so a caller that gives up (timeout, select, abort) never leaves its reply to be read by
// the next command. See "A cancel-safe request/response client on AsyncFd" in the
// examples' README.
import {
  Done,
  FdClosed,
  FutureBase,
  InvalidArgument,
  Pending,
  PollableError,
  StreamBase,
  WouldBlock,
  type AsyncFd,
  type Context,
  type IoSource,
  type Poll,
  type Waker,
} from "@pollable/core"
import { concat } from "./concat.js"
import { NeedMore, RespDecoder, RespError, RespProtocolError, type RespLimits, type RespValue } from "./decoder.js"
import { encodeCommand, encodeCommands, type RespArg } from "./encoder.js"

export { RespDecoder, RespError, RespProtocolError, RespTooLarge, NeedMore, defaultRespLimits, type RespLimits, type RespValue } from "./decoder.js"
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
      `RespConnectionBroken: ${connection} failed earlier (${cause instanceof Error ? cause.message : String(cause)}) and takes no more commands; open a new client`,
      { cause },
    )
  }
}

/** A command on a connection in subscriber mode (after `subscribe()`). */
export class RespSubscriberMode extends PollableError {
  constructor(readonly connection: string) {
    super(`RespSubscriberMode: ${connection} is subscribed to channels and only delivers messages; send commands on another client`)
  }
}

/** Options of {@link RespClient}: the decoder's size limits. */
export type RespClientOptions = RespLimits

/** A message received on a subscribed channel. */
export interface RespMessage {
  readonly channel: string
  readonly message: string
}

/** A queue with O(1) `shift` (a head index, compacted now and then). */
class Fifo<T> {
  #items: T[] = []
  #head = 0
  get length(): number {
    return this.#items.length - this.#head
  }
  first(): T | undefined {
    return this.#items[this.#head]
  }
  at(i: number): T | undefined {
    return this.#items[this.#head + i]
  }
  push(v: T): void {
    this.#items.push(v)
  }
  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined
    const v = this.#items[this.#head++]
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return v
  }
  /** Remove `v` (found by identity); false when it is not queued. */
  remove(v: T): boolean {
    const i = this.#items.indexOf(v, this.#head)
    if (i === -1) return false
    this.#items.splice(i, 1)
    return true
  }
  /** Empty the queue; its items, in order. */
  drain(): T[] {
    const out = this.#items.slice(this.#head)
    this.#items = []
    this.#head = 0
    return out
  }
}

/** Queued commands written in one `tryWrite`, up to this many bytes. */
const BATCH = 64 * 1024

/**
 * One request in the connection's FIFO: the bytes still to write, the replies it expects,
 * and who waits for them.
 */
interface Slot {
  /** Encoded command(s); `written` of them went to the fd. */
  readonly bytes: Uint8Array
  written: number
  /** Replies expected (1 for a command, n for a pipeline of n, one per channel for SUBSCRIBE). */
  readonly want: number
  readonly replies: RespValue[]
  readonly subscribe: boolean
  /** `abandoned`: its caller gave up after the bytes started going out; the replies are read and dropped. */
  state: "waiting" | "done" | "failed" | "abandoned"
  error: unknown
  waker: Waker | undefined
}

/**
 * The shared state of one connection: the fd, the decoder, and the FIFO of in-flight
 * requests. Whichever request is polled drives the connection (writes queued bytes, reads
 * and dispatches replies in order); the fd's readiness wakes the oldest waiting request.
 */
class Connection<S extends IoSource> {
  readonly fd: AsyncFd<S>
  readonly decoder: RespDecoder
  /** Requests with bytes still to write, in order; the first may be partly written. */
  readonly #out = new Fifo<Slot>()
  /** Requests waiting for replies, in the order they were sent: the next reply is the first's. */
  readonly #inflight = new Fifo<Slot>()
  #broken: unknown = undefined
  #subscribed = false
  readonly #messages: RespValue[] = []
  #messageWaker: Waker | undefined
  /** Registered with the fd: readiness wakes whoever should drive next. */
  readonly #cx: Context
  constructor(fd: AsyncFd<S>, options: RespClientOptions) {
    this.fd = fd
    this.decoder = new RespDecoder(options)
    this.#cx = { waker: { wake: () => this.#wakeDriver() } }
  }

  get label(): string {
    return `RESP connection over ${this.fd.label}`
  }

  /** Wake the oldest request still waiting (or the message reader): it will drive. */
  #wakeDriver(): void {
    for (let i = 0, s = this.#inflight.first(); s !== undefined; s = this.#inflight.at(++i)) {
      if (s.state === "waiting" && s.waker !== undefined) return s.waker.wake()
    }
    this.#messageWaker?.wake()
  }

  enqueue(bytes: Uint8Array, want: number, subscribe: boolean): Slot {
    if (this.#broken !== undefined) throw new RespConnectionBroken(this.label, this.#broken)
    if (this.#subscribed) throw new RespSubscriberMode(this.label)
    const slot: Slot = { bytes, written: 0, want, replies: [], subscribe, state: "waiting", error: undefined, waker: undefined }
    this.#out.push(slot)
    this.#inflight.push(slot)
    return slot
  }

  /** Poll one request: drive the connection, then report its outcome or wait. */
  poll(slot: Slot, cx: Context): Poll<RespValue[]> {
    if (slot.state === "waiting") {
      slot.waker = cx.waker
      this.#drive()
    }
    if (slot.state === "done") return slot.replies
    if (slot.state === "failed") throw slot.error
    return Pending
  }

  /**
   * The caller of `slot` gave up. Never sent: it leaves the FIFO. Sent (even in part): it
   * stays, its remaining bytes still go out (a truncated command would corrupt the stream),
   * and its replies are read and discarded.
   */
  abandon(slot: Slot): void {
    if (slot.state !== "waiting") return
    slot.waker = undefined
    if (slot.written === 0) {
      if (this.#out.remove(slot)) {
        this.#inflight.remove(slot)
        slot.state = "failed"
        return
      }
    }
    slot.state = "abandoned"
    this.#wakeDriver() // it may have been the one the fd's readiness wakes: hand over
  }

  /** Poll the message stream (subscriber mode). */
  pollMessage(cx: Context): Poll<RespValue | typeof Done> {
    if (this.#messages.length === 0 && this.#broken === undefined) {
      this.#messageWaker = cx.waker
      this.#drive()
    }
    const m = this.#messages.shift()
    if (m !== undefined) return m
    if (this.#broken !== undefined) {
      if (this.#broken instanceof RespClosed) return Done
      throw this.#broken
    }
    return Pending
  }

  dropMessageWaker(): void {
    this.#messageWaker = undefined
  }

  /** Write what is queued, then read and dispatch replies until the fd would block. */
  #drive(): void {
    if (this.#broken !== undefined) return
    try {
      this.#flush()
      this.#pump()
    } catch (e) {
      this.fail(e)
    }
  }

  /** Write queued bytes: the first request's, or several small ones joined in one write. */
  #flush(): void {
    const out = this.#out
    while (out.length > 0) {
      if (this.fd.pollWriteReady(this.#cx) === Pending) return
      const head = out.first()!
      let bytes = head.written === 0 ? head.bytes : head.bytes.subarray(head.written)
      if (out.length > 1 && bytes.length < BATCH) {
        const parts = [bytes]
        let total = bytes.length
        for (let i = 1, s = out.at(1); s !== undefined && total + s.bytes.length <= BATCH; s = out.at(++i)) {
          parts.push(s.bytes)
          total += s.bytes.length
        }
        bytes = concat(parts, total)
      }
      const n = this.fd.tryWrite(bytes)
      if (n === WouldBlock) continue
      // the bytes written count for the requests in order; a request is out once all of it is
      for (let left = n; left > 0; ) {
        const s = out.first()!
        const take = Math.min(left, s.bytes.length - s.written)
        s.written += take
        left -= take
        if (s.written === s.bytes.length) out.shift()
      }
    }
  }

  #pump(): void {
    const d = this.decoder
    for (;;) {
      for (;;) {
        if (!this.#subscribed && this.#inflight.length === 0) return
        const v = d.next()
        if (v === NeedMore) break
        this.#dispatch(v)
      }
      if (this.#subscribed && this.#messages.length > 0) return // the reader takes them first
      if (this.fd.pollReadReady(this.#cx) === Pending) return
      const chunk = this.fd.tryRead()
      if (chunk === WouldBlock) continue
      if (chunk.length === 0) throw new RespClosed()
      d.push(chunk)
    }
  }

  /** A complete reply: it belongs to the first request of the FIFO. */
  #dispatch(v: RespValue): void {
    if (this.#subscribed) {
      this.#messages.push(v)
      return this.#messageWaker?.wake()
    }
    const s = this.#inflight.first()!
    s.replies.push(v)
    if (s.replies.length < s.want) return
    this.#inflight.shift()
    if (s.subscribe) {
      const bad = s.replies.find((r) => !Array.isArray(r) || r[0] !== "subscribe")
      if (bad !== undefined) throw new RespProtocolError(`expected a subscribe confirmation, got ${JSON.stringify(bad)}`)
      this.#subscribed = true
    }
    if (s.state !== "waiting") return // abandoned: its reply is dropped here, in order
    s.state = "done"
    const w = s.waker
    s.waker = undefined
    w?.wake()
  }

  /**
   * The connection failed: every request still waiting fails with `e`, later ones with
   * `RespConnectionBroken`, and the fd is closed (its byte stream cannot be resynchronised).
   */
  fail(e: unknown): void {
    if (this.#broken !== undefined) return
    this.#broken = e
    const waiting = this.#inflight.drain()
    this.#out.drain()
    for (const s of waiting) {
      if (s.state !== "waiting") continue
      s.state = "failed"
      s.error = e
      const w = s.waker
      s.waker = undefined
      w?.wake()
    }
    const m = this.#messageWaker
    this.#messageWaker = undefined
    m?.wake()
    this.fd.close()
  }
}

/** A request future: enqueued at its first poll, its replies shaped by `finish`. */
class Request<S extends IoSource, T> extends FutureBase<T, Error> {
  #slot: Slot | undefined
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
    if (this.want === 0) return this.finish([]) // an empty pipeline: nothing to send
    const slot = (this.#slot ??= this.conn.enqueue(this.bytes, this.want, this.subscribe))
    const r = this.conn.poll(slot, cx)
    return r === Pending ? Pending : this.finish(r)
  }
  protected onCancel(): void {
    if (this.#slot !== undefined) this.conn.abandon(this.#slot)
  }
}

class Messages<S extends IoSource> extends StreamBase<RespMessage, Error> {
  constructor(readonly conn: Connection<S>) {
    super()
  }
  get label(): string {
    return `messages(${this.conn.fd.label})`
  }
  protected step(cx: Context): Poll<RespMessage | typeof Done> {
    for (;;) {
      const r = this.conn.pollMessage(cx)
      if (r === Pending || r === Done) return r
      if (Array.isArray(r) && r[0] === "message") return { channel: String(r[1]), message: String(r[2]) }
      // subscribe/unsubscribe confirmations and pongs are skipped
    }
  }
  protected onCancel(): void {
    this.conn.dropMessageWaker()
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
 * Cancel safety: safe — a cancelled command never desynchronises the connection. The
 * client keeps a FIFO of in-flight requests. A command cancelled before any of its bytes
 * were written leaves the FIFO and is never sent. A command cancelled after that (e.g. by
 * `timeout` while the server stalls) keeps its place: the rest of its bytes are still
 * written, and its reply is read and discarded when it arrives, so the next command gets
 * its own reply. The server may still have executed it.
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
  command(...args: RespArg[]): FutureBase<RespValue, Error> {
    return new Request(this.#conn, String(args[0] ?? "command"), encodeCommand(args), 1, false, first)
  }

  /**
   * Send all commands in one write, then read all replies (error replies stay values).
   * @remarks Cancel safety: safe; a cancelled pipeline's replies are all read and discarded.
   */
  pipeline(commands: readonly (readonly RespArg[])[]): FutureBase<RespValue[], Error> {
    return new Request(this.#conn, `pipeline of ${commands.length}`, encodeCommands(commands), commands.length, false, all)
  }

  ping(): FutureBase<RespValue, Error> {
    return this.command("PING")
  }
  set(key: string, value: RespArg): FutureBase<RespValue, Error> {
    return this.command("SET", key, value)
  }
  get(key: string): FutureBase<RespValue, Error> {
    return this.command("GET", key)
  }
  incr(key: string): FutureBase<RespValue, Error> {
    return this.command("INCR", key)
  }
  publish(channel: string, message: string): FutureBase<RespValue, Error> {
    return this.command("PUBLISH", channel, message)
  }

  /**
   * Subscribe to channels; resolves once the server confirmed every channel, to a stream of
   * messages. The connection is in subscriber mode afterwards: other commands fail with
   * {@link RespSubscriberMode}; use another client for them.
   * @remarks Cancel safety: cancelling the stream stops reading; close the client to unsubscribe.
   * @throws InvalidArgument at the call when no channel is given.
   */
  subscribe(...channels: string[]): FutureBase<StreamBase<RespMessage, Error>, Error> {
    if (channels.length === 0) throw new InvalidArgument("subscribe()", "no channel given", "pass at least one channel name")
    const conn = this.#conn
    return new Request(conn, "SUBSCRIBE", encodeCommand(["SUBSCRIBE", ...channels]), channels.length, true, () => new Messages(conn) as StreamBase<RespMessage, Error>)
  }

  /** Close the connection: commands in flight fail with `FdClosed`, later ones with {@link RespConnectionBroken}. */
  close(): void {
    this.#conn.fail(new FdClosed(this.fd.label, "RESP command"))
  }
}
