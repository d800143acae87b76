// Codecs and framed: lines (bounded), length-delimited (configurable header, max frame),
// bytes; incremental decoding at every chunk size; memory bounded by bytes received, never
// by an announced length; malformed frames are named errors; send with backpressure.
import { describe, expect, it } from "vitest"
import {
  ByteBuffer,
  bytesCodec,
  Done,
  framed,
  framedRead,
  framedWrite,
  FrameTooLarge,
  gen,
  lengthDelimited,
  linesCodec,
  LineTooLong,
  MalformedFrame,
  NeedMore,
  shutdown,
  timeout,
  writeAll,
  type Codec,
} from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"
import { dec, enc, fds, LentReader, pattern } from "./io-helpers.js"

const failure = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("expected a failure")
}

/** Everything the stream yields until Done. */
function collect<T>(ex: ManualExecutor, s: { next(): import("@pollable/core").Pollable<T | typeof Done, Error> }): T[] {
  const out: T[] = []
  for (let x; (x = ex.blockOn(s.next())) !== Done; ) out.push(x as T)
  return out
}

describe("framed with linesCodec", () => {
  it.each([1, 2, 3, 7, 64])(
    "decodes the same lines at read chunk %i (incremental, CRLF, last line at EOF)",
    (chunk) => {
      const { fa, fb } = fds({ readChunk: chunk })
      const ex = new ManualExecutor()
      ex.blockOn(writeAll(fa, enc("one\r\ntwo\n\nthree and more\nfour")))
      ex.blockOn(shutdown(fa))
      expect(collect(ex, framed(fb, linesCodec()))).toEqual(["one", "two", "", "three and more", "four"])
    },
  )

  it("send encodes and flushes; the peer decodes the frames in order", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const a = framed(fa, linesCodec())
    const b = framed(fb, linesCodec())
    ex.blockOn(a.feed("x"))
    ex.blockOn(a.feed("y"))
    expect(a.writeBuffered).toBe(4) // fed, not flushed
    ex.blockOn(a.send("z"))
    expect(a.writeBuffered).toBe(0)
    ex.blockOn(a.close())
    expect(collect(ex, b)).toEqual(["x", "y", "z"])
  })

  it("bounded: a line longer than maxLength fails with LineTooLong once that many bytes came", () => {
    const { fa, fb } = fds({ capacity: 1 << 20 })
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(fa, new Uint8Array(300_000).fill(65)))
    const s = framed(fb, linesCodec({ maxLength: 1000 }), { readCapacity: 256 })
    expect(failure(() => ex.blockOn(s.next()))).toBeInstanceOf(LineTooLong)
  })

  it("cancel safety: a next() cancelled by a timeout mid-frame loses no byte", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const { fa, fb } = fds({ readChunk: 2 })
    const s = framed(fb, linesCodec())
    ex.blockOn(writeAll(fa, enc("par")))
    const h = ex.spawn(timeout(s.next(), 5))
    ex.runUntilStalled()
    clock.advance(5)
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Failure")
    ex.blockOn(writeAll(fa, enc("tial\n")))
    expect(ex.blockOn(s.next())).toBe("partial")
  })
})

describe("framed with lengthDelimited", () => {
  const frame4 = (body: Uint8Array) => {
    const b = new ByteBuffer(8)
    b.pushU32(body.length)
    b.push(body)
    return b.view().slice()
  }

  it.each([1, 3, 5, 1000])("round-trips frames of 0..5000 bytes at read chunk %i", (chunk) => {
    const { fa, fb } = fds({ readChunk: chunk, capacity: 1 << 20 })
    const ex = new ManualExecutor()
    const sizes = [0, 1, 2, 4, 5, 100, 5000, 3]
    const bodies = sizes.map((n, i) => pattern(n, i + 1))
    const w = framed(fa, lengthDelimited())
    ex.blockOn(
      gen(function* () {
        for (const b of bodies) yield* w.feed(b)
        yield* w.close()
      }),
    )
    const got = collect(ex, framedRead(fb, lengthDelimited()))
    expect(got.map((g) => g.length)).toEqual(sizes)
    expect(got.map((g) => Array.from(g))).toEqual(bodies.map((b) => Array.from(b)))
  })

  it("an announced length above maxFrame fails at once, with nothing allocated for it", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    // the peer announces 4 GiB - 1 and sends 10 bytes
    ex.blockOn(writeAll(fa, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
    const s = framedRead(fb, lengthDelimited({ maxFrame: 1 << 20 }), { readCapacity: 64 })
    const e = failure(() => ex.blockOn(s.next()))
    expect(e).toBeInstanceOf(FrameTooLarge)
    expect((e as FrameTooLarge).size).toBe(0xffffffff)
  })

  it("memory grows with bytes received, not with the announced length: 1 MiB announced, 100 bytes sent", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const hdr = new ByteBuffer(4)
    hdr.pushU32(1 << 20)
    ex.blockOn(writeAll(fa, hdr.view().slice()))
    ex.blockOn(writeAll(fa, new Uint8Array(100)))
    const s = framedRead(fb, lengthDelimited({ maxFrame: 2 << 20 }), { readCapacity: 64 })
    const h = ex.spawn(s.next())
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined() // waiting for the rest
    expect(s.buffered).toBe(104)
    expect((s as unknown as { rs: { buf: ByteBuffer } }).rs.buf.capacity).toBeLessThan(8192) // vs 1 MiB announced
    h.cancel()
  })

  it("a negative length after adjustment is a MalformedFrame; a stream cut inside a frame too", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(fa, Uint8Array.of(0, 0, 0, 2)))
    const e = failure(() => ex.blockOn(framedRead(fb, lengthDelimited({ lengthAdjustment: -4 })).next()))
    expect(e).toBeInstanceOf(MalformedFrame)

    const p = fds()
    ex.blockOn(writeAll(p.fa, frame4(enc("whole")).subarray(0, 6)))
    ex.blockOn(shutdown(p.fa))
    expect(failure(() => ex.blockOn(framedRead(p.fb, lengthDelimited()).next()))).toBeInstanceOf(MalformedFrame)
  })

  it(
    "configurable header: a type byte before a 4-byte length that counts itself, " +
      "whole message kept (PostgreSQL's shape)",
    () => {
      const { fa, fb } = fds({ readChunk: 3 })
      const ex = new ManualExecutor()
      ex.blockOn(writeAll(fa, Uint8Array.of(0x5a, 0, 0, 0, 5, 0x49, 0x43, 0, 0, 0, 4)))
      ex.blockOn(shutdown(fa))
      const got = collect(ex, framedRead(fb, lengthDelimited({ lengthOffset: 1, lengthAdjustment: -4, skip: 0 })))
      expect(got.map((g) => [...g])).toEqual([
        [0x5a, 0, 0, 0, 5, 0x49],
        [0x43, 0, 0, 0, 4],
      ])
    },
  )

  it("a 2-byte little-endian length field", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const w = framedWrite(fa, lengthDelimited({ lengthBytes: 2, littleEndian: true }))
    ex.blockOn(w.send(enc("hi")))
    expect([...(fb.tryRead() as Uint8Array)]).toEqual([2, 0, 104, 105])
  })

  it("bad input: options and codecs are checked at call time", () => {
    refuses(() => lengthDelimited({ lengthBytes: 8 as never }), "lengthDelimited(options)", /1, 2, 3 or 4/)
    refuses(() => lengthDelimited({ skip: 9 }), "lengthDelimited(options)", /larger than the header/)
    refuses(() => lengthDelimited({ maxFrame: 0 }), "lengthDelimited(options) maxFrame", />= 1/)
    refuses(() => linesCodec({ maxLength: -5 }), "linesCodec({ maxLength })", />= 1/)
    const { fa } = fds()
    refuses(() => framed(fa, {} as never), "framed(io, codec)", /codec/)
    refuses(() => framed({} as never, linesCodec()), "framed(io, codec)", /AsyncRead/)
    refuses(
      () => framed(fa, linesCodec(), { highWaterMark: 0 }),
      "framed(io, codec, { highWaterMark })",
      /highWaterMark/,
    )
  })
})

describe("framed: bytes codec, zero-copy, backpressure and encoder failures", () => {
  it("bytesCodec passes chunks through", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    ex.blockOn(framedWrite(fa, bytesCodec()).send(enc("raw bytes")))
    ex.blockOn(shutdown(fa))
    expect(collect(ex, framedRead(fb, bytesCodec())).map(dec).join("")).toBe("raw bytes")
  })

  it("zero-copy: frames decode from a lending reader's buffer, and a frame spanning lends is intact", () => {
    const src = new LentReader(8, 8)
    const ex = new ManualExecutor()
    src.push(enc("ab\ncdefghijkl\nm\n"))
    src.end()
    expect(collect(ex, framedRead(src, linesCodec()))).toEqual(["ab", "cdefghijkl", "m"])
    expect(src.lentReads).toBeGreaterThan(0) // decoded in place; only a partial frame is copied
  })

  it("feed waits while the write buffer is at the high-water mark and the peer reads nothing", () => {
    const { fa, b } = fds({ capacity: 16 })
    const ex = new ManualExecutor()
    const w = framed(fa, bytesCodec(), { highWaterMark: 32 })
    const h = ex.spawn(
      gen(function* () {
        for (let i = 0; i < 100; i++) yield* w.feed(new Uint8Array(8))
      }),
    )
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined()
    expect(w.writeBuffered).toBeLessThanOrEqual(32 + 8)
    // the peer drains: the feeder continues
    for (let i = 0; i < 200 && h.outcome === undefined; i++) {
      b.tryRead()
      ex.runUntilStalled()
    }
    expect(h.outcome?._tag).toBe("Success")
  })

  it("an encoder that throws leaves no partial frame queued", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const codec: Codec<string> = {
      decode: linesCodec().decode.bind(linesCodec()),
      encode(item, dst) {
        dst.pushString(item)
        if (item === "bad") throw new RangeError("no")
        dst.pushU8(10)
      },
    }
    const w = framed(fa, codec)
    expect(failure(() => ex.blockOn(w.send("bad")))).toBeInstanceOf(RangeError)
    ex.blockOn(w.send("good"))
    ex.blockOn(w.close())
    expect(collect(ex, framedRead(fb, linesCodec()))).toEqual(["good"])
  })

  it("NeedMore is a registered symbol", () => {
    expect(NeedMore).toBe(Symbol.for("pollable.NeedMore"))
  })
})
