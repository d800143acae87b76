// The byte-stream contracts (AsyncRead / AsyncWrite) over AsyncFd, the in-memory pair and a
// reader written by hand, and the future helpers on top of them.
import { describe, expect, it } from "vitest"
import {
  FdClosed,
  AsyncFd,
  flush,
  gen,
  join,
  Pending,
  read,
  readExact,
  shutdown,
  UnexpectedEof,
  writeAll,
  type AsyncRead,
  type Context,
  type Poll,
} from "@pollable/core"
import { contextOf, CountingWaker, ManualExecutor } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"
import { dec, enc, fds, pattern, same } from "./io-helpers.js"

class ArrayReader implements AsyncRead {
  #off = 0
  constructor(readonly bytes: Uint8Array) {}
  pollRead(_cx: Context, buf: Uint8Array): Poll<number> {
    const n = Math.min(buf.length, this.bytes.length - this.#off)
    buf.set(this.bytes.subarray(this.#off, this.#off + n))
    this.#off += n
    return n
  }
}

describe("AsyncRead / AsyncWrite over AsyncFd and the in-memory pair", () => {
  it("moves 200 kB through read(r, buf) and writeAll with chunking, partial writes, storms and backpressure", () => {
    let x = 7
    const storm = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) % 10 < 3
    const { fa, fb, a } = fds({ readChunk: 999, writeChunk: 700, capacity: 4096, storm })
    const data = pattern(200_000)
    const ex = new ManualExecutor()
    const writer = gen(function* () {
      for (let o = 0; o < data.length; o += 5000) yield* writeAll(fa, data.subarray(o, o + 5000))
      yield* shutdown(fa)
    })
    const reader = gen(function* () {
      const out = new Uint8Array(data.length + 10)
      const buf = new Uint8Array(1500)
      let n = 0
      for (;;) {
        const k = yield* read(fb, buf)
        if (k === 0) return out.subarray(0, n)
        out.set(buf.subarray(0, k), n)
        n += k
      }
    })
    const [, got] = ex.blockOn(join(writer, reader))
    expect(same(got, data)).toBe(true)
    expect(a.maxBuffered).toBeLessThanOrEqual(4096)
    expect(a.storms).toBeGreaterThan(10)
  })

  it("pollRead into a buffer smaller than the chunk keeps the rest for the next read", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(fa, enc("hello world")))
    const small = new Uint8Array(4)
    expect(ex.blockOn(read(fb, small))).toBe(4)
    expect(dec(small)).toBe("hell")
    const rest = new Uint8Array(100)
    const n = ex.blockOn(read(fb, rest))
    expect(dec(rest.subarray(0, n))).toBe("o world")
  })

  it("latest waker: only the waker of the most recent pollRead is woken", () => {
    const { fa, fb } = fds()
    const w1 = new CountingWaker()
    const w2 = new CountingWaker()
    const buf = new Uint8Array(8)
    expect(fb.pollRead(contextOf(w1), buf)).toBe(Pending)
    expect(fb.pollRead(contextOf(w2), buf)).toBe(Pending)
    fa.tryWrite(enc("x"))
    expect(w1.count).toBe(0)
    expect(w2.count).toBe(1)
  })

  it("cancel safety: a cancelled read(r, buf) consumed nothing", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const buf = new Uint8Array(8)
    const h = ex.spawn(read(fb, buf))
    ex.runUntilStalled()
    h.cancel()
    ex.blockOn(writeAll(fa, enc("abc")))
    const n = ex.blockOn(read(fb, buf))
    expect(dec(buf.subarray(0, n))).toBe("abc")
  })

  it("an empty buffer reads 0 at once; end of stream reads 0 every time; shutdown reaches the peer", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    expect(fb.pollRead(contextOf(new CountingWaker()), new Uint8Array(0))).toBe(0)
    ex.blockOn(writeAll(fa, enc("z")))
    ex.blockOn(flush(fa))
    ex.blockOn(shutdown(fa))
    const buf = new Uint8Array(4)
    expect(ex.blockOn(read(fb, buf))).toBe(1)
    expect(ex.blockOn(read(fb, buf))).toBe(0)
    expect(ex.blockOn(read(fb, buf))).toBe(0)
  })

  it(
    "readExact(r, buf) fills the buffer from a hand-written reader, " +
      "and fails with UnexpectedEof when it ends first",
    () => {
      const ex = new ManualExecutor()
      const r = new ArrayReader(enc("0123456789"))
      const buf = new Uint8Array(6)
      expect(dec(ex.blockOn(readExact(r, buf)))).toBe("012345")
      const err = (() => {
        try {
          ex.blockOn(readExact(r, new Uint8Array(6)))
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(UnexpectedEof)
      expect((err as UnexpectedEof).got).toBe(4)
    },
  )

  it("the AsyncFd overloads of read/readExact still return owned chunks", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    ex.blockOn(writeAll(fa, enc("abcdef")))
    expect(dec(ex.blockOn(readExact(fb, 2)))).toBe("ab")
    expect(dec(ex.blockOn(read(fb)))).toBe("cdef")
  })

  it("bad input: helpers refuse non-readers, non-writers and non-buffers at call time", () => {
    const { fa } = fds()
    refuses(() => read(null as never, new Uint8Array(1)), "read(r, buf)", /expected an AsyncRead/)
    refuses(() => read(fa, "abc" as never), "read(r, buf)", /expected a Uint8Array/)
    refuses(() => readExact({} as never, new Uint8Array(1)), "readExact(r, buf)", /pollRead/)
    refuses(() => writeAll(fa, "text" as never), "writeAll(w, bytes)", /TextEncoder/)
    refuses(() => writeAll({ pollWrite() {} } as never, enc("x")), "writeAll(w, bytes)", /pollFlush, pollShutdown/)
    refuses(() => flush(3 as never), "flush(w)", /AsyncWrite/)
    refuses(() => shutdown(undefined as never), "shutdown(w)", /AsyncWrite/)
  })

  it("an AsyncFd is usable through the contract after close only as FdClosed", () => {
    const { fb } = fds()
    fb.close()
    expect(() => fb.pollRead(contextOf(new CountingWaker()), new Uint8Array(1))).toThrow(FdClosed)
    expect(() => fb.pollWrite(contextOf(new CountingWaker()), enc("x"))).toThrow(FdClosed)
    expect(() => fb.pollFlush(contextOf(new CountingWaker()))).toThrow(FdClosed)
    expect(fb).toBeInstanceOf(AsyncFd)
  })
})
