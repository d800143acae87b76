// RespDecoder on its own: the same replies whatever the split of the input, named errors
// quoting what was received for malformed frames, limits checked on the header (before
// any body arrives), and memory that follows the bytes received.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { InvalidArgument } from "@pollable/core"
import { itUnless, noMemoryUsage } from "../../support/runtime.js"
import {
  NeedMore,
  RespDecoder,
  RespError,
  RespProtocolError,
  RespTooLarge,
  type RespValue,
} from "../../../examples/resp/decoder.js"

const bytes = (s: string) => new TextEncoder().encode(s)

/** Feed `chunks` one at a time, collecting every complete reply. */
function decodeAll(chunks: Uint8Array[], d = new RespDecoder()): RespValue[] {
  const out: RespValue[] = []
  for (const c of chunks) {
    d.push(c)
    for (let v = d.next(); v !== NeedMore; v = d.next()) out.push(v)
  }
  return out
}

const errorOf = (input: string, d = new RespDecoder()): unknown => {
  try {
    decodeAll([bytes(input)], d)
  } catch (e) {
    return e
  }
  return undefined
}

const SAMPLE =
  "+OK\r\n-ERR bad\r\n:-42\r\n$6\r\nhé!\r\n\r\n$0\r\n\r\n$-1\r\n" +
  "*-1\r\n*0\r\n*3\r\n:1\r\n*2\r\n+a\r\n$1\r\nb\r\n-ERR inner\r\n"
const WANT: RespValue[] = [
  "OK",
  new RespError("ERR bad"),
  -42,
  "hé!\r\n",
  "",
  null,
  null,
  [],
  [1, ["a", "b"], new RespError("ERR inner")],
]

describe("RespDecoder", () => {
  it("decodes every RESP2 reply type from one chunk", () => {
    expect(decodeAll([bytes(SAMPLE)])).toEqual(WANT)
  })

  it("gives the same replies for every way of splitting the input (property)", () => {
    const all = bytes(SAMPLE)
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: all.length - 1 }), { maxLength: 30 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), all.length]
        const chunks = at.slice(1).map((end, i) => all.slice(at[i], end))
        expect(decodeAll(chunks)).toEqual(WANT)
      }),
    )
  })

  it("one byte at a time", () => {
    const all = bytes(SAMPLE)
    expect(decodeAll([...all].map((b) => Uint8Array.of(b)))).toEqual(WANT)
  })

  const malformed: [string, string, RegExp][] = [
    ["$1e12: a length that is not a whole number", "$1e12\r\n", /bulk string length in "\$1e12" is not a whole number/],
    ["$abc", "$abc\r\n", /bulk string length in "\$abc" is not a whole number/],
    ["*-5: a negative array length", "*-5\r\n", /array length in "\*-5" is negative/],
    ["$-2", "$-2\r\n", /bulk string length in "\$-2" is negative/],
    ["a RESP3 type byte", "%3\r\n", /unexpected reply type byte "%" \(0x25\)/],
    ["a binary type byte", "\x01abc\r\n", /unexpected reply type byte "\\x01"/],
    ["LF without CR", "+OK\n", /LF but no CR before it: "\+OK" then/],
    ["a bulk body not followed by CRLF", "$3\r\nabcXY", /bulk string of 3 bytes was not followed by CRLF: got "X"/],
    ["an empty line", "\r\n", /an empty line/],
    ["an integer that is not one", ":12x\r\n", /integer reply ":12x" is not a whole number/],
  ]

  it.each(malformed)("%s → RespProtocolError quoting what was received", (_what, input, message) => {
    const e = errorOf(input)
    expect(e).toBeInstanceOf(RespProtocolError)
    expect((e as Error).message).toMatch(message)
    expect(String(e)).toMatch(/^RespProtocolError: /) // the name, printed once
    expect((e as Error).message).not.toMatch(/^RespProtocolError/)
  })

  it("a failed decoder stays failed: later input gives the same error", () => {
    const d = new RespDecoder()
    const e = errorOf("%3\r\n", d)
    d.push(bytes("+OK\r\n"))
    expect(() => d.next()).toThrow(e as Error)
    expect(d.error).toBe(e)
  })

  it("$2000000000 is refused from its header (default limit 512 MiB), before any body byte", () => {
    const d = new RespDecoder()
    d.push(bytes("$2000000000\r\n"))
    let e: unknown
    try {
      d.next()
    } catch (x) {
      e = x
    }
    expect(e).toBeInstanceOf(RespTooLarge)
    expect(e).toBeInstanceOf(RespProtocolError)
    expect((e as RespTooLarge).size).toBe(2_000_000_000)
    expect((e as RespTooLarge).limit).toBe(512 * 1024 * 1024)
    expect((e as Error).message).toMatch(
      /bulk string of 2000000000 bytes, more than maxBulkLength \(536870912\); raise maxBulkLength/,
    )
  })

  it("limits are configurable: arrays, bulk strings and lines", () => {
    const d = () => new RespDecoder({ maxArrayLength: 3, maxBulkLength: 4, maxLineLength: 8 })
    expect(decodeAll([bytes("*3\r\n$4\r\nabcd\r\n+1234567\r\n:1\r\n")], d())).toEqual([["abcd", "1234567", 1]])
    expect(errorOf("*4\r\n", d())).toMatchObject({ what: "array", size: 4, limit: 3, option: "maxArrayLength" })
    expect(errorOf("$5\r\n", d())).toMatchObject({ what: "bulk string", size: 5, limit: 4, option: "maxBulkLength" })
    expect(errorOf("+12345678\r\n", d())).toMatchObject({ what: "line", limit: 8, option: "maxLineLength" })
  })

  it("a line without LF is refused once it passes maxLineLength, not buffered forever", () => {
    const d = new RespDecoder({ maxLineLength: 16 })
    let e: unknown
    for (let i = 0; i < 100 && e === undefined; i++) {
      d.push(bytes("+aaaa"))
      try {
        expect(d.next()).toBe(NeedMore)
      } catch (x) {
        e = x
      }
    }
    expect(e).toBeInstanceOf(RespTooLarge)
    expect(d.buffered).toBeLessThan(32)
  })

  itUnless(noMemoryUsage)("memory follows bytes received: an announced 2e9-byte body holds only what arrived", () => {
    const d = new RespDecoder({ maxBulkLength: 2 ** 31 })
    const before = process.memoryUsage().arrayBuffers
    d.push(bytes("$2000000000\r\nabc"))
    expect(d.next()).toBe(NeedMore)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024)
  })

  it("bad limits are InvalidArgument", () => {
    expect(() => new RespDecoder({ maxBulkLength: 0 })).toThrow(InvalidArgument)
    expect(() => new RespDecoder({ maxArrayLength: 1.5 })).toThrow(
      /maxArrayLength must be a whole number >= 1, got 1.5/,
    )
    expect(() => new RespDecoder({ maxLineLength: "8" as unknown as number })).toThrow(InvalidArgument)
  })
})
