// BufReader: fillBuf/consume, readUntil/readLine across chunk boundaries, zero-copy over a
// lending reader, cancel safety, bounded memory, bad input.
import { describe, expect, it } from "vitest"
import { BufReader, Done, FrameTooLarge, gen, read, timeout, writeAll, shutdown } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"
import { dec, enc, fds, LentReader } from "./io-helpers.js"

describe("BufReader", () => {
  it("readLine splits on \\n and \\r\\n across 3-byte chunks, yields a last line without terminator, then Done", () => {
    const { fa, fb } = fds({ readChunk: 3 })
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(fa, enc("alpha\r\nbeta\n\ngamma")))
    ex.blockOn(shutdown(fa))
    const r = new BufReader(fb, { capacity: 4 })
    const got: unknown[] = []
    for (let i = 0; i < 5; i++) got.push(ex.blockOn(r.readLine()))
    expect(got).toEqual(["alpha", "beta", "", "gamma", Done])
  })

  it("fillBuf returns buffered bytes without consuming; consume advances", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(fa, enc("abcdef")))
    const r = new BufReader(fb, { capacity: 16 })
    expect(dec(ex.blockOn(r.fillBuf()))).toBe("abcdef")
    expect(dec(ex.blockOn(r.fillBuf()))).toBe("abcdef")
    r.consume(4)
    expect(r.buffered).toBe(2)
    expect(dec(ex.blockOn(r.fillBuf()))).toBe("ef")
    const buf = new Uint8Array(10)
    expect(ex.blockOn(read(r, buf))).toBe(2)
  })

  it(
    "zero-copy: over a lending reader, fillBuf returns the lender's own buffer, " +
      "and lines spanning reads stay intact",
    () => {
      const src = new LentReader(8, 8)
      const r = new BufReader(src, { capacity: 4 })
      const ex = new ManualExecutor()
      src.push(enc("ab\ncdefghij\nk"))
      src.end()
      const view = ex.blockOn(r.fillBuf())
      expect(view.buffer).toBe(src.buffer.buffer) // no copy
      expect(ex.blockOn(r.readLine())).toBe("ab")
      // "cdefghij" spans two lends; the lender poisons its buffer on every read
      expect(ex.blockOn(r.readLine())).toBe("cdefghij")
      expect(ex.blockOn(r.readLine())).toBe("k")
      expect(ex.blockOn(r.readLine())).toBe(Done)
      expect(src.copyReads).toBe(0)
    },
  )

  it("cancel safety: a readLine cancelled mid-line (by a timeout) loses no byte", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const { fa, fb } = fds({ readChunk: 2 })
    const r = new BufReader(fb, { capacity: 4 })
    ex.blockOn(writeAll(fa, enc("hel")))
    const h = ex.spawn(timeout(r.readLine(), 10))
    ex.runUntilStalled()
    clock.advance(10)
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Failure")
    ex.blockOn(writeAll(fa, enc("lo\n")))
    expect(ex.blockOn(r.readLine())).toBe("hello")
  })

  it("bounded: a peer that never sends the delimiter gets FrameTooLarge, and the buffer stays near maxLength", () => {
    const { fa, fb } = fds({ capacity: 1 << 20 })
    const ex = new ManualExecutor()
    const r = new BufReader(fb, { capacity: 64 })
    const chunk = new Uint8Array(4096).fill(65)
    const writer = gen(function* () {
      for (let i = 0; i < 64; i++) yield* writeAll(fa, chunk)
    })
    ex.spawn(writer)
    let err: unknown
    try {
      ex.blockOn(r.readUntil(10, { maxLength: 10_000 }))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(FrameTooLarge)
    expect((err as FrameTooLarge).maxFrame).toBe(10_000)
    expect(r.capacity).toBeLessThan(4 * 10_000) // its own buffer grew to about the limit, not to what the peer sent
  })

  it("readUntil returns up to and including the delimiter", () => {
    const { fa, fb } = fds({ readChunk: 1 })
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(fa, enc("k=v;x")))
    ex.blockOn(shutdown(fa))
    const r = new BufReader(fb, { capacity: 2 })
    expect(dec(ex.blockOn(r.readUntil(59)))).toBe("k=v;")
    expect(dec(ex.blockOn(r.readUntil(59)))).toBe("x")
    expect(ex.blockOn(r.readUntil(59)).length).toBe(0)
  })

  it("bad input: capacity, delimiter and maxLength are checked at call time", () => {
    const { fb } = fds()
    refuses(
      () => new BufReader(fb, { capacity: 0 }),
      "new BufReader(inner, { capacity })",
      /capacity must be a whole number of bytes >= 1, got 0/,
    )
    refuses(() => new BufReader({} as never), "new BufReader(inner)", /AsyncRead/)
    const r = new BufReader(fb)
    refuses(() => r.readUntil(256), "readUntil(delimiter)", /byte value/)
    refuses(() => r.readLine({ maxLength: 1.5 }), "readLine({ maxLength })", /maxLength/)
  })
})
