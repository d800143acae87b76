// BufWriter: small writes collected until capacity or flush, large writes bypass, shutdown
// flushes first, backpressure bounded by capacity, bad input.
import { describe, expect, it } from "vitest"
import {
  BufWriter,
  flush,
  Pending,
  read,
  shutdown,
  writeAll,
  type AsyncWrite,
  type Context,
  type Poll,
} from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"
import { dec, enc, fds } from "./io-helpers.js"

class Recorder implements AsyncWrite {
  writes: string[] = []
  flushes = 0
  shut = false
  pollWrite(_cx: Context, b: Uint8Array): Poll<number> {
    this.writes.push(dec(b))
    return b.length
  }
  pollFlush(): Poll<void> {
    this.flushes++
    return undefined
  }
  pollShutdown(): Poll<void> {
    this.shut = true
    return undefined
  }
}

describe("BufWriter", () => {
  it("collects small writes and hands them on in one write when flushed", () => {
    const inner = new Recorder()
    const w = new BufWriter(inner, { capacity: 16 })
    const ex = new ManualExecutor()
    for (const s of ["a", "bc", "def"]) ex.blockOn(writeAll(w, enc(s)))
    expect(inner.writes).toEqual([])
    expect(w.buffered).toBe(6)
    ex.blockOn(flush(w))
    expect(inner.writes).toEqual(["abcdef"])
    expect(inner.flushes).toBe(1)
  })

  it(
    "writes the buffer out when the next write would not fit, " +
      "and passes writes of capacity or more straight through",
    () => {
      const inner = new Recorder()
      const w = new BufWriter(inner, { capacity: 4 })
      const ex = new ManualExecutor()
      ex.blockOn(writeAll(w, enc("abc")))
      ex.blockOn(writeAll(w, enc("de")))
      expect(inner.writes).toEqual(["abc"])
      ex.blockOn(writeAll(w, enc("0123456789")))
      expect(inner.writes).toEqual(["abc", "de", "0123456789"])
    },
  )

  it("shutdown flushes, then the peer reads the bytes and end of stream", () => {
    const { fa, fb } = fds()
    const w = new BufWriter(fa)
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(w, enc("bye")))
    ex.blockOn(shutdown(w))
    const buf = new Uint8Array(10)
    expect(dec(buf.subarray(0, ex.blockOn(read(fb, buf))))).toBe("bye")
    expect(ex.blockOn(read(fb, buf))).toBe(0)
  })

  it("backpressure: with a full buffer and a full peer, pollWrite is Pending and accepts nothing", () => {
    const { fa, b } = fds({ capacity: 8 })
    const w = new BufWriter(fa, { capacity: 8 })
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(w, enc("12345678"))) // goes straight to fa: the pair holds 8
    ex.blockOn(writeAll(w, enc("abc"))) // buffered
    const h = ex.spawn(writeAll(w, enc("defghij")))
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined()
    expect(w.buffered).toBe(3)
    expect(b.tryRead()).toBeInstanceOf(Uint8Array) // the peer drains; the writer continues
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Success")
    expect(Pending).toBeTypeOf("symbol")
  })

  it("bad input: capacity and inner writer are checked", () => {
    refuses(() => new BufWriter(new Recorder(), { capacity: -1 }), "new BufWriter(inner, { capacity })", /capacity/)
    refuses(() => new BufWriter({ pollWrite() {} } as never), "new BufWriter(inner)", /AsyncWrite/)
  })
})
