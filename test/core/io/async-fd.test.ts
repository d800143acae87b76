import { describe, expect, it } from "vitest"
import {
  AsyncFd,
  InvalidArgument,
  LineTooLong,
  settle,
  BrokenPipe,
  ConnectionReset,
  copy,
  Done,
  FdBusy,
  FdClosed,
  gen,
  join,
  lines,
  Pending,
  read,
  readExact,
  UnexpectedEof,
  WouldBlock,
  write,
  type IoSource,
} from "@pollable/core"
import { contextOf, CountingWaker, ManualExecutor, memoryPair, type MemoryPairOptions } from "@pollable/core/testing"
import { pattern, same } from "../../support/bytes.js"

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

const errorOf = (h: { outcome: unknown }): unknown => (h.outcome as { error?: unknown } | undefined)?.error

function fds(opts: MemoryPairOptions = {}) {
  const [a, b] = memoryPair(opts)
  return { a, b, fa: new AsyncFd(a), fb: new AsyncFd(b) }
}

/** Writes all of `data` then shuts down; reads everything on the other side. */
function transfer(data: Uint8Array, opts: MemoryPairOptions, writeSize = 10_000) {
  const { a, fa, fb } = fds(opts)
  const ex = new ManualExecutor()
  const writer = gen(function* () {
    for (let o = 0; o < data.length; o += writeSize) yield* write(fa, data.subarray(o, o + writeSize))
    fa.shutdown()
  })
  const reader = gen(function* () {
    const parts: Uint8Array[] = []
    let n = 0
    for (;;) {
      const c = yield* read(fb)
      if (c.length === 0) break
      parts.push(c)
      n += c.length
    }
    const out = new Uint8Array(n)
    let o = 0
    for (const p of parts) out.set(p, o), (o += p.length)
    return out
  })
  const [, got] = ex.blockOn(join(writer, reader))
  return { got, a }
}

describe("AsyncFd over the in-memory pair", () => {
  it("transfers data with chunking, partial writes and backpressure; memory stays bounded", () => {
    const data = pattern(300_000)
    const { got, a } = transfer(data, { readChunk: 777, writeChunk: 1000, capacity: 4096 })
    expect(same(got, data)).toBe(true)
    expect(a.maxBuffered).toBeLessThanOrEqual(4096)
  })

  it("survives WouldBlock storms on both directions (deterministic)", () => {
    let x = 42
    const storm = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) % 10 < 4 // ~40%
    const data = pattern(100_000, 7)
    const { got, a } = transfer(data, { readChunk: 500, capacity: 2048, storm }, 3000)
    expect(same(got, data)).toBe(true)
    expect(a.storms).toBeGreaterThan(10)
  })

  it("storm of always-WouldBlock yields instead of spinning forever, and recovers", () => {
    let on = true
    const { fa, fb } = fds({ storm: (op) => op === "read" && on })
    const ex = new ManualExecutor()
    const h = ex.spawn(read(fb))
    ex.spawn(write(fa, enc("x")))
    expect(() => ex.runUntilStalled(2000)).toThrow(/keeps waking itself/)
    on = false
    ex.runUntilStalled()
    expect(dec(h.outcome?._tag === "Success" ? h.outcome.value : new Uint8Array())).toBe("x")
  })

  it("readExact keeps the surplus and fails with UnexpectedEof at early EOF", () => {
    const { fa, fb } = fds({ readChunk: 3 })
    const ex = new ManualExecutor()
    ex.blockOn(write(fa, enc("hello world")))
    fa.shutdown()
    expect(dec(ex.blockOn(readExact(fb, 5)))).toBe("hello")
    expect(dec(ex.blockOn(readExact(fb, 1)))).toBe(" ")
    expect(() => ex.blockOn(readExact(fb, 10))).toThrow(UnexpectedEof)
    expect(() => readExact(fb, -1)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
  })

  it("lines: CRLF, a last line without terminator, fresh streams continue, mixes with readExact", () => {
    const { fa, fb } = fds({ readChunk: 4 })
    const ex = new ManualExecutor()
    ex.blockOn(write(fa, enc("+OK\r\n$5\r\nhello\r\nlast")))
    fa.shutdown()
    expect(ex.blockOn(lines(fb).next())).toBe("+OK")
    expect(ex.blockOn(lines(fb).next())).toBe("$5")
    expect(dec(ex.blockOn(readExact(fb, 7)))).toBe("hello\r\n")
    const s = lines(fb)
    expect(ex.blockOn(s.next())).toBe("last")
    expect(ex.blockOn(s.next())).toBe(Done)
  })

  it("one waiter per direction: a second concurrent reader fails with FdBusy; the first still works", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const first = ex.spawn(read(fb))
    const second = ex.spawn(read(fb))
    ex.runUntilStalled()
    expect(second.outcome?._tag).toBe("Failure")
    expect(errorOf(second)).toBeInstanceOf(FdBusy)
    ex.spawn(write(fa, enc("ab")))
    ex.runUntilStalled()
    expect(first.outcome?._tag).toBe("Success")
    // after the first completed, a new reader may start
    const third = ex.spawn(read(fb))
    ex.runUntilStalled()
    expect(third.outcome).toBeUndefined()
    third.cancel()
  })

  it("pollReadReady: only the most recent waker is woken; tryIo clears readiness on WouldBlock", () => {
    const { fa, fb } = fds()
    const w1 = new CountingWaker()
    const w2 = new CountingWaker()
    const g = fb.pollReadReady(contextOf(w1))
    expect(g).not.toBe(Pending) // starts ready (edge-triggered)
    if (g === Pending) return
    expect(g.tryIo((s) => s.tryRead())).toBe(WouldBlock)
    expect(fb.pollReadReady(contextOf(w1))).toBe(Pending)
    expect(fb.pollReadReady(contextOf(w2))).toBe(Pending)
    fa.tryWrite(enc("z"))
    expect([w1.count, w2.count]).toEqual([0, 1])
    expect(fb.pollReadReady(contextOf(w2))).not.toBe(Pending)
  })

  it("close() wakes both waiters, which fail with FdClosed; readiness after close throws", () => {
    const { fb } = fds({ capacity: 1 })
    const ex = new ManualExecutor()
    ex.blockOn(write(fb, enc("x"))) // fills the buffer
    const r = ex.spawn(read(fb))
    const w = ex.spawn(write(fb, enc("y")))
    ex.runUntilStalled()
    expect(r.outcome).toBeUndefined()
    expect(w.outcome).toBeUndefined()
    fb.close()
    ex.runUntilStalled()
    expect(errorOf(r)).toBeInstanceOf(FdClosed)
    expect(errorOf(w)).toBeInstanceOf(FdClosed)
    expect(() => fb.pollReadReady(contextOf())).toThrow(FdClosed)
    expect(() => fb.pollWriteReady(contextOf())).toThrow(FdClosed)
    expect(ex.strayWakes).toBe(0)
  })

  it("cancel of a pending read leaves the fd usable; no stray wake", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const h = ex.spawn(read(fb))
    ex.runUntilStalled()
    h.cancel()
    ex.blockOn(write(fa, enc("data")))
    ex.runUntilStalled()
    expect(ex.strayWakes).toBe(0)
    expect(dec(ex.blockOn(read(fb)))).toBe("data")
  })

  it("cancelled readExact and lines push partial data back", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const h = ex.spawn(readExact(fb, 10))
    ex.blockOn(write(fa, enc("abc")))
    ex.runUntilStalled()
    h.cancel()
    const s = lines(fb)
    const h2 = ex.spawn(s.next())
    ex.blockOn(write(fa, enc("de")))
    ex.runUntilStalled()
    expect(h2.outcome).toBeUndefined()
    s.cancel()
    h2.cancel()
    ex.blockOn(write(fa, enc("f\n")))
    expect(ex.blockOn(lines(fb).next())).toBe("abcdef")
  })

  it("peer closes mid-read: readExact fails UnexpectedEof, read sees EOF; writes to it fail BrokenPipe", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const h = ex.spawn(readExact(fb, 100))
    ex.blockOn(write(fa, enc("partial")))
    ex.runUntilStalled()
    fa.close()
    ex.runUntilStalled()
    expect(errorOf(h) as UnexpectedEof).toBeInstanceOf(UnexpectedEof)
    expect((errorOf(h) as UnexpectedEof).got).toBe(7)
    expect(ex.blockOn(read(fb)).length).toBe(0)
    expect(() => ex.blockOn(write(fb, enc("x")))).toThrow(BrokenPipe)
  })

  it("peer reset surfaces as ConnectionReset on pending reads and writes", () => {
    const { a, fa } = fds({ capacity: 4 })
    const ex = new ManualExecutor()
    const r = ex.spawn(read(fa))
    const w = ex.spawn(write(fa, new Uint8Array(100)))
    ex.runUntilStalled()
    a.reset()
    ex.runUntilStalled()
    expect(errorOf(r)).toBeInstanceOf(ConnectionReset)
    expect(errorOf(w)).toBeInstanceOf(ConnectionReset)
  })

  it("copy moves everything until EOF; cancelled copy loses no byte", () => {
    const p1 = fds({ readChunk: 1000, capacity: 3000 })
    const p2 = fds({ capacity: 2500 })
    const data = pattern(50_000, 3)
    const ex = new ManualExecutor()
    const c = ex.spawn(copy(p1.fb, p2.fa))
    const w = ex.spawn(
      gen(function* () {
        yield* write(p1.fa, data)
        p1.fa.shutdown()
      }),
    )
    // drain a little of the destination, then cancel the copy mid-way
    const first = ex.blockOn(readExact(p2.fb, 10_000))
    c.cancel()
    const c2 = ex.spawn(copy(p1.fb, p2.fa))
    const rest = ex.blockOn(
      gen(function* () {
        const all: number[] = []
        for (;;) {
          const b = yield* read(p2.fb)
          all.push(...b)
          if (all.length === data.length - 10_000) return all
        }
      }),
    )
    ex.runUntilStalled()
    expect(w.outcome?._tag).toBe("Success")
    expect(c2.outcome?._tag).toBe("Success")
    expect(same(Uint8Array.from([...first, ...rest]), data)).toBe(true)
  })
})

describe("AsyncFd property: any chunking, capacity and storm rate delivers the same bytes", () => {
  it("holds for random configurations (fast-check)", async () => {
    const fc = await import("fast-check")
    fc.assert(
      fc.property(
        fc.record({
          readChunk: fc.integer({ min: 1, max: 5000 }),
          writeChunk: fc.integer({ min: 1, max: 5000 }),
          capacity: fc.integer({ min: 1, max: 8000 }),
          stormPercent: fc.integer({ min: 0, max: 80 }),
          seed: fc.integer(),
          size: fc.integer({ min: 0, max: 30_000 }),
          writeSize: fc.integer({ min: 1, max: 9000 }),
        }),
        ({ readChunk, writeChunk, capacity, stormPercent, seed, size, writeSize }) => {
          let x = seed >>> 0
          const storm = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) % 100 < stormPercent
          const data = pattern(size, seed)
          const { got, a } = transfer(data, { readChunk, writeChunk, capacity, storm }, writeSize)
          return same(got, data) && a.maxBuffered <= capacity
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe("cancel releases the source registration (rule 4)", () => {
  it("cancelling a pending read unregisters its readiness listener from the source", () => {
    let live = 0
    const src: IoSource = {
      label: "counting",
      tryRead: () => WouldBlock,
      tryWrite: () => WouldBlock,
      onReadable: () => (live++, () => void live--),
      onWritable: () => (live++, () => void live--),
      close() {},
    }
    const fd = new AsyncFd(src)
    const ex = new ManualExecutor()
    const r = ex.spawn(read(fd))
    ex.runUntilStalled()
    expect(r.outcome).toBeUndefined()
    expect(live).toBe(1)
    r.cancel()
    expect(live).toBe(0)
    // the fd stays usable: the next read registers again
    const r2 = ex.spawn(read(fd))
    ex.runUntilStalled()
    expect(live).toBe(1)
    r2.cancel()
    expect(live).toBe(0)
  })
})

describe("lines(fd, { maxLength }) bounds a line's memory", () => {
  it("a peer that never sends a line break fails the stream with LineTooLong instead of growing forever", () => {
    const { fa, fb } = fds({ readChunk: 100 })
    const ex = new ManualExecutor()
    const out = ex.blockOn(
      settle(
        gen(function* () {
          yield* write(fa, new Uint8Array(1000).fill(65)) // 1000 × "A", no "\n"
          return yield* lines(fb, { maxLength: 256 }).next()
        }),
      ),
    )
    expect(out._tag).toBe("Failure")
    const e = (out as { error: unknown }).error
    expect(e).toBeInstanceOf(LineTooLong)
    expect(String((e as Error).message)).toMatch(/more than 256 bytes without a line break/)
  })

  it("lines up to the limit pass; a line break inside the first chunk still counts the bytes before it", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const got = ex.blockOn(
      gen(function* () {
        yield* write(fa, enc(`${"x".repeat(256)}\n${"y".repeat(257)}\n`))
        const s = lines(fb, { maxLength: 256 })
        const first = yield* s.next()
        const second = yield* settle(s.next())
        return [typeof first === "string" ? first.length : first, second._tag]
      }),
    )
    expect(got).toEqual([256, "Failure"])
  })

  it("a non-positive or fractional maxLength is a named error", () => {
    const { fb } = fds()
    expect(() => lines(fb, { maxLength: 0 })).toThrow(InvalidArgument)
    expect(() => lines(fb, { maxLength: 1.5 })).toThrow(/positive whole number/)
  })
})
