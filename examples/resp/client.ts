// A small RESP2 (Redis protocol) client written once on core's AsyncFd: it needs only a
// connected AsyncFd, so it runs on every executor (reference, native, RxJS, Effect) and
// over any IoSource (a Node socket, the in-memory pair in tests).
import {
  AsyncFd,
  Done,
  FutureBase,
  fn,
  lines,
  Pending,
  PollableError,
  StreamBase,
  type Context,
  type Future,
  type IoSource,
  type Poll,
} from "@pollable/core"

/** An error reply from the server (`-ERR ...`). Inside arrays it is a value; as a top-level reply it is thrown. */
export class RespError extends PollableError {
  constructor(readonly reply: string) {
    super(`RespError: the server replied "${reply}"; check the command and its arguments`)
  }
}

/** The server sent something that is not RESP2, or closed the connection mid-reply. */
export class RespProtocolError extends PollableError {
  constructor(detail: string) {
    super(`RespProtocolError: ${detail}; is this a Redis server, and is one command running at a time?`)
  }
}

/** The connection closed (EOF) before a reply. */
export class RespClosed extends RespProtocolError {
  constructor() {
    super("the connection closed before a reply")
  }
}

/** A decoded RESP2 reply. Bulk strings are decoded as UTF-8. */
export type RespValue = string | number | null | RespError | RespValue[]

/** A command argument. */
export type RespArg = string | number | Uint8Array

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Encode one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly RespArg[]): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`*${args.length}\r\n`)]
  for (const a of args) {
    const b = a instanceof Uint8Array ? a : encoder.encode(String(a))
    parts.push(encoder.encode(`$${b.length}\r\n`), b, encoder.encode("\r\n"))
  }
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) (out.set(p, o), (o += p.length))
  return out
}

/** Read one reply from `fd` (recursively for arrays). */
export const readReply: (fd: AsyncFd<IoSource>) => FutureBase<RespValue, Error> = fn(function* readReply(
  fd: AsyncFd<IoSource>,
): Generator<Future<unknown, Error>, RespValue, any> {
  const line = yield* lines(fd).next()
  if (line === Done) throw new RespClosed()
  const rest = line.slice(1)
  switch (line[0]) {
    case "+":
      return rest
    case "-":
      return new RespError(rest)
    case ":":
      return Number(rest)
    case "$": {
      const n = Number(rest)
      if (n < 0) return null
      const b = yield* fd.readExact(n + 2)
      return decoder.decode(b.subarray(0, n))
    }
    case "*": {
      const n = Number(rest)
      if (n < 0) return null
      const items: RespValue[] = []
      for (let i = 0; i < n; i++) items.push(yield* readReply(fd))
      return items
    }
    default:
      throw new RespProtocolError(`unexpected reply line ${JSON.stringify(line)}`)
  }
})

/** Send one command on `fd` and read its reply. @throws RespError for an error reply. */
const command = fn(function* command(fd: AsyncFd<IoSource>, args: readonly RespArg[]) {
  yield* fd.write(encodeCommand(args))
  const r = yield* readReply(fd)
  if (r instanceof RespError) throw r
  return r
})

/** Send all commands in one write, then read all replies (error replies stay values). */
const pipeline = fn(function* pipeline(fd: AsyncFd<IoSource>, commands: readonly (readonly RespArg[])[]) {
  const parts = commands.map(encodeCommand)
  let n = 0
  for (const p of parts) n += p.length
  const buf = new Uint8Array(n)
  let o = 0
  for (const p of parts) (buf.set(p, o), (o += p.length))
  yield* fd.write(buf)
  const out: RespValue[] = []
  for (let i = 0; i < commands.length; i++) out.push(yield* readReply(fd))
  return out
})

/** Subscribe `fd` to channels; once every one is confirmed, a stream of its messages. */
const subscribe = fn(function* subscribe(fd: AsyncFd<IoSource>, channels: readonly string[]) {
  yield* fd.write(encodeCommand(["SUBSCRIBE", ...channels]))
  for (let i = 0; i < channels.length; i++) {
    const r = yield* readReply(fd)
    if (!Array.isArray(r) || r[0] !== "subscribe") throw new RespProtocolError(`expected a subscribe confirmation, got ${JSON.stringify(r)}`)
  }
  return new Messages(fd) as StreamBase<RespMessage, Error>
})

/** A message received on a subscribed channel. */
export interface RespMessage {
  readonly channel: string
  readonly message: string
}

class Messages<S extends IoSource> extends StreamBase<RespMessage, Error> {
  #cur: Future<RespValue, Error> | undefined
  constructor(readonly fd: AsyncFd<S>) {
    super()
  }
  get label(): string {
    return `messages(${this.fd.label})`
  }
  protected step(cx: Context): Poll<RespMessage | typeof Done> {
    for (;;) {
      const f = (this.#cur ??= readReply(this.fd))
      let r: Poll<RespValue>
      try {
        r = f.poll(cx)
      } catch (e) {
        this.#cur = undefined
        if (e instanceof RespClosed) return Done // the server closed the connection
        throw e
      }
      if (r === Pending) return Pending
      this.#cur = undefined
      if (Array.isArray(r) && r[0] === "message") return { channel: String(r[1]), message: String(r[2]) }
      // subscribe/unsubscribe confirmations and pongs are skipped
    }
  }
  protected onCancel(): void {
    this.#cur?.cancel()
    this.#cur = undefined
  }
}

/**
 * A RESP2 client over a connected {@link AsyncFd}. One command runs at a time (a second
 * concurrent command fails with `FdBusy`); send many at once with {@link RespClient.pipeline}.
 *
 * @example
 * ```ts
 * const fd = yield* connect("127.0.0.1", 6379)
 * const redis = new RespClient(fd)
 * yield* redis.set("k", "v")
 * const v = yield* redis.get("k")   // "v"
 * ```
 */
export class RespClient<S extends IoSource = IoSource> {
  constructor(readonly fd: AsyncFd<S>) {}

  /** Send one command and read its reply. @throws RespError for an error reply. */
  command(...args: RespArg[]): FutureBase<RespValue, Error> {
    return command(this.fd, args)
  }

  /** Send all commands in one write, then read all replies (error replies stay values). */
  pipeline(commands: readonly (readonly RespArg[])[]): FutureBase<RespValue[], Error> {
    return pipeline(this.fd, commands)
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
   * messages. The connection is in subscriber mode afterwards: use another client for commands.
   * @remarks Cancel safety: cancelling the stream stops reading; close the client to unsubscribe.
   */
  subscribe(...channels: string[]): FutureBase<StreamBase<RespMessage, Error>, Error> {
    return subscribe(this.fd, channels)
  }

  close(): void {
    this.fd.close()
  }
}
