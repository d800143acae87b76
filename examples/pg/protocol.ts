// PostgreSQL's frontend/backend protocol (version 3.0): the message codec and the messages
// this client sends. Backend messages are a type byte and a 4-byte length that counts itself;
// the codec is core's lengthDelimited decoder, so a hostile length is refused before any
// byte of the body is awaited.
import { lengthDelimited, NeedMore, PollableError, type ByteBuffer, type Codec } from "@pollable/core"

/** A backend message: its type byte (`"Z"`, `"D"`, ...) and its body after the length. */
export class BackendMessage {
  constructor(
    readonly type: number,
    readonly body: Uint8Array,
  ) {}
  /** The type as a character, for messages. */
  get kind(): string {
    return String.fromCharCode(this.type)
  }
}

/** A frontend message: writes itself into the connection's write buffer (no copy). */
export type FrontendMessage = (dst: ByteBuffer) => void

/** The server sent something this client cannot follow (not PostgreSQL, or a protocol it does not speak). */
export class PgProtocolError extends PollableError {
  constructor(detail: string) {
    super(`PgProtocolError: ${detail}; is this a PostgreSQL server (protocol 3.0) on that port?`)
  }
}

/** The codec of a PostgreSQL connection: backend messages in, frontend messages out. */
export function pgCodec(maxMessage = 64 * 1024 * 1024): Codec<BackendMessage, FrontendMessage> {
  const frames = lengthDelimited({
    lengthOffset: 1,
    lengthBytes: 4,
    lengthAdjustment: -4,
    skip: 0,
    maxFrame: maxMessage,
  })
  return {
    name: "postgres",
    decode(src) {
      const f = frames.decode(src)
      return f === NeedMore ? f : new BackendMessage(f[0]!, f.subarray(5))
    },
    encode(message, dst) {
      message(dst)
    },
  }
}

const T = (c: string): number => c.charCodeAt(0)

/** A typed message: the type byte, a length patched in after the body is written. */
function typed(type: string, body: (dst: ByteBuffer) => void): FrontendMessage {
  return (dst) => {
    dst.pushU8(T(type))
    const at = dst.length
    dst.pushU32(0)
    body(dst)
    dst.setU32(at, dst.length - at)
  }
}

const cstring = (dst: ByteBuffer, s: string): void => {
  dst.pushString(s)
  dst.pushU8(0)
}

/** StartupMessage (no type byte): protocol 3.0 and the connection parameters. */
export const startup =
  (params: Record<string, string>): FrontendMessage =>
  (dst) => {
    const at = dst.length
    dst.pushU32(0)
    dst.pushU32(196608)
    for (const [k, v] of Object.entries(params)) {
      cstring(dst, k)
      cstring(dst, v)
    }
    dst.pushU8(0)
    dst.setU32(at, dst.length - at)
  }

/** CancelRequest, sent alone on a new connection: the backend's process id and secret key. */
export const cancelRequest =
  (pid: number, secret: number): FrontendMessage =>
  (dst) => {
    dst.pushU32(16)
    dst.pushU32(80877102)
    dst.pushU32(pid)
    dst.pushU32(secret)
  }

export const passwordMessage = (password: string): FrontendMessage => typed("p", (d) => cstring(d, password))
export const saslInitialResponse = (mechanism: string, data: Uint8Array): FrontendMessage =>
  typed("p", (d) => {
    cstring(d, mechanism)
    d.pushU32(data.length)
    d.push(data)
  })
export const saslResponse = (data: Uint8Array): FrontendMessage => typed("p", (d) => d.push(data))
export const simpleQuery = (sql: string): FrontendMessage => typed("Q", (d) => cstring(d, sql))

/**
 * The extended-query sequence for one statement with text parameters: Parse (unnamed),
 * Bind, Describe the portal, Execute all rows, Sync — one request, answered up to ReadyForQuery.
 */
export const extendedQuery =
  (sql: string, params: readonly (string | null)[]): FrontendMessage =>
  (dst) => {
    typed("P", (d) => {
      cstring(d, "")
      cstring(d, sql)
      d.pushU16(0)
    })(dst)
    typed("B", (d) => {
      cstring(d, "")
      cstring(d, "")
      d.pushU16(0) // every parameter in text format
      d.pushU16(params.length)
      for (const p of params) {
        if (p === null) d.pushU32(-1)
        else {
          const at = d.length
          d.pushU32(0)
          d.setU32(at, d.pushString(p))
        }
      }
      d.pushU16(0) // every result column in text format
    })(dst)
    typed("D", (d) => {
      d.pushU8(T("P"))
      cstring(d, "")
    })(dst)
    typed("E", (d) => {
      cstring(d, "")
      d.pushU32(0)
    })(dst)
    typed("S", () => {})(dst)
  }

/** Reads the fields of a backend message body. */
export class Reader {
  #o = 0
  readonly #v: DataView
  constructor(readonly b: Uint8Array) {
    this.#v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  }
  get done(): boolean {
    return this.#o >= this.b.length
  }
  byte(): number {
    return this.b[this.#o++]!
  }
  i16(): number {
    const v = this.#v.getInt16(this.#o)
    this.#o += 2
    return v
  }
  i32(): number {
    const v = this.#v.getInt32(this.#o)
    this.#o += 4
    return v
  }
  cstring(): string {
    const end = this.b.indexOf(0, this.#o)
    if (end < 0) throw new PgProtocolError("a string field without its terminating zero byte")
    const s = utf8.decode(this.b.subarray(this.#o, end))
    this.#o = end + 1
    return s
  }
  bytes(n: number): Uint8Array {
    const v = this.b.subarray(this.#o, this.#o + n)
    this.#o += n
    return v
  }
  rest(): Uint8Array {
    return this.bytes(this.b.length - this.#o)
  }
}

export const utf8 = new TextDecoder()
