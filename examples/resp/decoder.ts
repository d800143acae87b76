// An incremental, bounded RESP2 reply decoder. It knows nothing about sockets or futures:
// feed it bytes as they arrive (`push`), take complete replies out (`next`). Memory grows
// with the bytes received, never with the sizes a peer announces, and every malformed frame
// is a named error that says what was received. Usable as the codec of any transport.
import { InvalidArgument, PollableError } from "@pollable/core"
import { concat } from "./concat.js"

/**
 * An error reply from the server (`-ERR ...`). Inside arrays it is a value; as a command's reply the client throws it.
 */
export class RespError extends PollableError {
  constructor(readonly reply: string) {
    super(`the server replied "${reply}"; check the command and its arguments`)
  }
}

/** The peer sent something that is not RESP2 (a bad type byte, a bad length, a missing CRLF...). */
export class RespProtocolError extends PollableError {
  constructor(readonly detail: string) {
    super(`${detail}; the connection cannot be trusted any more — is the peer a Redis server speaking RESP2?`)
  }
}

/** A bulk string, array or line larger than the decoder's limit (see {@link RespLimits}). */
export class RespTooLarge extends RespProtocolError {
  constructor(
    readonly what: "bulk string" | "array" | "line",
    readonly size: number,
    readonly limit: number,
    readonly option: keyof RespLimits,
  ) {
    super(
      what === "line"
        ? `the peer sent a line longer than ${option} (${limit} bytes) without CRLF; ` +
            `raise ${option} in the client options if lines this long are expected`
        : `the peer announced a ${what} of ${size} ${what === "array" ? "elements" : "bytes"}, more than ${option} ` +
            `(${limit}); raise ${option} in the client options if replies this large are expected`,
    )
  }
}

/** A decoded RESP2 reply. Bulk strings are decoded as UTF-8; integers are numbers. */
export type RespValue = string | number | null | RespError | RespValue[]

/** Size limits of a {@link RespDecoder}; each protects memory against a hostile or broken peer. */
export interface RespLimits {
  /** Longest bulk string, in bytes. Default 512 MiB (Redis' `proto-max-bulk-len`). */
  readonly maxBulkLength?: number
  /** Most elements in one array. Default 512 Mi. */
  readonly maxArrayLength?: number
  /**
   * Longest line (`+`, `-`, `:` replies and length headers), in bytes with its type byte, without CRLF. Default 64 KiB.
   */
  readonly maxLineLength?: number
}

/** The defaults of {@link RespLimits}. */
export const defaultRespLimits: Required<RespLimits> = {
  maxBulkLength: 512 * 1024 * 1024,
  maxArrayLength: 512 * 1024 * 1024,
  maxLineLength: 64 * 1024,
}

/** Returned by {@link RespDecoder.next} when no complete reply is buffered yet. */
export const NeedMore: unique symbol = Symbol("RespDecoder.NeedMore")
export type NeedMore = typeof NeedMore

const CR = 13
const LF = 10
const utf8 = new TextDecoder()

/** Received bytes as a short, printable string for an error message. */
function show(bytes: Uint8Array, max = 40): string {
  let s = ""
  for (let i = 0; i < bytes.length && i < max; i++) {
    const b = bytes[i]!
    s +=
      b === CR
        ? "\\r"
        : b === LF
          ? "\\n"
          : b >= 32 && b < 127
            ? String.fromCharCode(b)
            : `\\x${b.toString(16).padStart(2, "0")}`
  }
  return `"${s}${bytes.length > max ? "…" : ""}"`
}

/**
 * The decimal integer after the type byte of `line` (`-?[0-9]+`), or undefined when it is
 * not one. Parsed from the bytes: no string, no regular expression per reply.
 */
function parseInteger(line: Uint8Array): number | undefined {
  let i = 1
  const neg = line[1] === 0x2d
  if (neg) i++
  if (i === line.length) return undefined
  let n = 0
  for (; i < line.length; i++) {
    const d = line[i]! - 0x30
    if (d < 0 || d > 9) return undefined
    n = n * 10 + d
  }
  return neg ? -n : n
}

function checkLimit(where: string, key: keyof RespLimits, v: unknown): number {
  if (v === undefined) return defaultRespLimits[key]
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw new InvalidArgument(
      where,
      `${key} must be a whole number >= 1, got ${typeof v === "number" ? String(v) : typeof v}`,
      `pass a byte/element count, or leave ${key} out for the default (${defaultRespLimits[key]})`,
    )
  }
  return v
}

/** One open array: the elements decoded so far and how many are still to come. */
interface OpenArray {
  readonly items: RespValue[]
  left: number
}

/**
 * Decodes RESP2 replies from bytes pushed in any split (one byte at a time works).
 *
 * @remarks
 * - **Bounded.** A bulk length above `maxBulkLength`, an array length above
 *   `maxArrayLength` or a line longer than `maxLineLength` is a {@link RespTooLarge} as soon
 *   as the header (or the line so far) is seen. Nothing is allocated from an announced size:
 *   a bulk body is kept as the chunks that arrived and joined once complete, an array grows
 *   element by element, nesting is an explicit stack (no recursion).
 * - **Strict.** Lengths must be whole decimal numbers (`-1` means null); type bytes other
 *   than `+ - : $ *`, a LF without CR, or a bulk body not followed by CRLF are
 *   {@link RespProtocolError}s quoting what was received.
 * - **Sticky failure.** After an error every later `next()` throws the same error: the byte
 *   stream has no recoverable frame boundary left.
 * - `push` keeps a reference to the chunk: pass bytes you own (not a lent buffer).
 */
export class RespDecoder {
  readonly #maxBulk: number
  readonly #maxArray: number
  readonly #maxLine: number
  /** Unconsumed chunks; `#pos` is the read offset in the first. */
  readonly #chunks: Uint8Array[] = []
  #pos = 0
  #buffered = 0
  /** A line read so far (no LF seen yet), split over chunks. */
  readonly #line: Uint8Array[] = []
  #lineLength = 0
  /** A bulk body being read: the parts received and the bytes still to come (then CRLF). */
  #bulk: { parts: Uint8Array[]; size: number; left: number } | undefined
  /** Bytes of a bulk body's trailing CRLF still to check (2, 1, or 0 when not in one). */
  #crlf = 0
  readonly #stack: OpenArray[] = []
  #error: RespProtocolError | undefined

  /** @throws InvalidArgument for a limit that is not a whole number >= 1. */
  constructor(limits: RespLimits = {}) {
    this.#maxBulk = checkLimit("RespDecoder", "maxBulkLength", limits.maxBulkLength)
    this.#maxArray = checkLimit("RespDecoder", "maxArrayLength", limits.maxArrayLength)
    this.#maxLine = checkLimit("RespDecoder", "maxLineLength", limits.maxLineLength)
  }

  /** Bytes pushed and not yet consumed into a reply (the part of a reply in progress excluded). */
  get buffered(): number {
    return this.#buffered
  }

  /** The error the decoder failed with, if it did. */
  get error(): RespProtocolError | undefined {
    return this.#error
  }

  /** Add received bytes (kept by reference). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.#chunks.push(chunk)
    this.#buffered += chunk.length
  }

  /**
   * The next complete top-level reply, or {@link NeedMore}.
   * @throws RespProtocolError (or its subclass RespTooLarge) for malformed input; sticky.
   */
  next(): RespValue | NeedMore {
    if (this.#error !== undefined) throw this.#error
    try {
      return this.#next()
    } catch (e) {
      if (e instanceof RespProtocolError) this.#error = e
      throw e
    }
  }

  #fail(detail: string): never {
    throw new RespProtocolError(detail)
  }

  #next(): RespValue | NeedMore {
    for (;;) {
      if (this.#crlf > 0) {
        const b = this.#byte()
        if (b === -1) return NeedMore
        const want = this.#crlf === 2 ? CR : LF
        if (b !== want) {
          const size = this.#bulk!.size
          this.#fail(
            `a bulk string of ${size} bytes was not followed by CRLF: ` +
              `got ${show(Uint8Array.of(b))} where ${want === CR ? "\\r" : "\\n"} was expected`,
          )
        }
        if (--this.#crlf > 0) continue
        const { parts, size } = this.#bulk!
        this.#bulk = undefined
        const v = this.#complete(utf8.decode(concat(parts, size)))
        if (v !== NeedMore) return v
        continue
      }
      if (this.#bulk !== undefined) {
        if (!this.#take(this.#bulk)) return NeedMore
        this.#crlf = 2
        continue
      }
      const line = this.#readLine()
      if (line === undefined) return NeedMore
      const v = this.#header(line)
      if (v !== NeedMore) return v
    }
  }

  /** One byte, or -1 when none is buffered. */
  #byte(): number {
    const c = this.#chunks[0]
    if (c === undefined) return -1
    const b = c[this.#pos++]!
    this.#buffered--
    if (this.#pos === c.length) this.#drop()
    return b
  }

  #drop(): void {
    this.#chunks.shift()
    this.#pos = 0
  }

  /** Move buffered bytes into the bulk body; true once all of it arrived. */
  #take(bulk: { parts: Uint8Array[]; left: number }): boolean {
    while (bulk.left > 0) {
      const c = this.#chunks[0]
      if (c === undefined) return false
      const n = Math.min(bulk.left, c.length - this.#pos)
      bulk.parts.push(this.#pos === 0 && n === c.length ? c : c.subarray(this.#pos, this.#pos + n))
      bulk.left -= n
      this.#buffered -= n
      this.#pos += n
      if (this.#pos === c.length) this.#drop()
    }
    return true
  }

  /** The next line without its CRLF, or undefined when no LF is buffered yet. */
  #readLine(): Uint8Array | undefined {
    for (;;) {
      const c = this.#chunks[0]
      if (c === undefined) return undefined
      const i = c.indexOf(LF, this.#pos)
      const end = i === -1 ? c.length : i
      const part = c.subarray(this.#pos, end)
      if (this.#lineLength + part.length > this.#maxLine + 1) {
        // + 1: the CR before the LF is not counted
        const seen = concat([...this.#line, part], this.#lineLength + part.length)
        throw new RespTooLarge("line", seen.length, this.#maxLine, "maxLineLength")
      }
      this.#buffered -= end - this.#pos + (i === -1 ? 0 : 1)
      this.#pos = i === -1 ? c.length : i + 1
      if (this.#pos === c.length) this.#drop()
      if (i === -1) {
        this.#line.push(part)
        this.#lineLength += part.length
        continue
      }
      const line = this.#line.length === 0 ? part : concat([...this.#line, part], this.#lineLength + part.length)
      this.#line.length = 0
      this.#lineLength = 0
      if (line.length === 0 || line[line.length - 1] !== CR) {
        this.#fail(`a line ended with LF but no CR before it: ${show(line)} then "\\n"`)
      }
      return line.subarray(0, line.length - 1)
    }
  }

  /** Act on one header line; a complete top-level reply, or NeedMore. */
  #header(line: Uint8Array): RespValue | NeedMore {
    if (line.length === 0) this.#fail(`an empty line ("\\r\\n") where a reply type byte (+ - : $ *) was expected`)
    switch (line[0]) {
      case 0x2b: // +
        return this.#complete(utf8.decode(line.subarray(1)))
      case 0x2d: // -
        return this.#complete(new RespError(utf8.decode(line.subarray(1))))
      case 0x3a: {
        // :
        const n = parseInteger(line)
        if (n === undefined) this.#fail(`an integer reply ${show(line)} is not a whole number`)
        return this.#complete(n)
      }
      case 0x24: {
        // $
        const n = this.#length(line, "bulk string", this.#maxBulk, "maxBulkLength")
        if (n === -1) return this.#complete(null)
        // the whole body and its CRLF already here, in one chunk: decode it in place
        const c = this.#chunks[0]
        const at = this.#pos
        if (c !== undefined && c.length - at >= n + 2 && c[at + n] === CR && c[at + n + 1] === LF) {
          this.#pos += n + 2
          this.#buffered -= n + 2
          if (this.#pos === c.length) this.#drop()
          return this.#complete(utf8.decode(c.subarray(at, at + n)))
        }
        this.#bulk = { parts: [], size: n, left: n }
        return NeedMore
      }
      case 0x2a: {
        // *
        const n = this.#length(line, "array", this.#maxArray, "maxArrayLength")
        if (n === -1) return this.#complete(null)
        if (n === 0) return this.#complete([])
        this.#stack.push({ items: [], left: n })
        return NeedMore
      }
      default:
        return this.#fail(
          `unexpected reply type byte ${show(line.subarray(0, 1))} ` +
            `(0x${line[0]!.toString(16).padStart(2, "0")}) in ${show(line)}; RESP2 replies start with + - : $ or *`,
        )
    }
  }

  #length(line: Uint8Array, what: "bulk string" | "array", max: number, option: keyof RespLimits): number {
    const n = parseInteger(line)
    if (n === undefined) this.#fail(`the ${what} length in ${show(line)} is not a whole number`)
    if (n === -1) return -1
    if (n < 0) this.#fail(`the ${what} length in ${show(line)} is negative (only -1, meaning null, is allowed)`)
    if (n > max) throw new RespTooLarge(what, n, max, option)
    return n
  }

  /** A value is complete: add it to the open array, closing the arrays it completes. */
  #complete(v: RespValue): RespValue | NeedMore {
    const stack = this.#stack
    for (;;) {
      const top = stack[stack.length - 1]
      if (top === undefined) return v
      top.items.push(v)
      if (--top.left > 0) return NeedMore
      stack.pop()
      v = top.items
    }
  }
}
