// What AsyncFd's write paths accept: every ArrayBufferView (by its own byte range:
// buffer, byteOffset, byteLength) and ArrayBuffer; anything else is refused with
// InvalidArgument when write()/tryWrite() is called, never "written" as nothing.
import { describe, expect, it } from "vitest"
import { AsyncFd, BrokenPipe, InvalidArgument, TimerFd, write } from "@pollable/core"
import { ManualExecutor, memoryPair, VirtualClock } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"
import { itUnless, noBuffer } from "../../support/runtime.js"

const setup = () => {
  const [a, b] = memoryPair()
  const ex = new ManualExecutor()
  const w = new AsyncFd(a)
  const r = new AsyncFd(b)
  /** Everything written so far, as a byte array (reads what is there without waiting). */
  const received = () => {
    const out: number[] = []
    for (;;) {
      const c = r.tryRead()
      if (typeof c === "symbol") return out
      out.push(...c)
    }
  }
  return { ex, w, received }
}

const bad: [string, unknown, RegExp][] = [
  ["an empty object", {}, /got an object/],
  ["NaN", NaN, /got a number \(NaN\)/],
  ["a number", 42, /got a number \(42\)/],
  ["null", null, /got null/],
  ["undefined", undefined, /got undefined/],
  ["a string", "text", /got a string.*new TextEncoder\(\)\.encode/],
  ["an array of numbers", [1, 2, 3], /got an array.*new Uint8Array\(array\)/],
  ["an object with a length", { length: 3, 0: 1, 1: 2, 2: 3 }, /got an object/],
]

describe("AsyncFd write arguments", () => {
  it.each(bad)("write(%s) throws InvalidArgument at the call, before any poll", (_what, value, message) => {
    const { w } = setup()
    for (const call of [
      () => w.write(value as Uint8Array),
      () => write(w, value as Uint8Array),
      () => w.tryWrite(value as Uint8Array),
    ]) {
      refuses(
        call,
        undefined,
        message,
        /Uint8Array or Buffer, another ArrayBufferView such as a DataView, or an ArrayBuffer/,
      )
    }
  })

  it("a refused write leaves the fd usable: the next write goes through", () => {
    const { ex, w, received } = setup()
    expect(() => w.write({} as Uint8Array)).toThrow(InvalidArgument)
    ex.blockOn(w.write(new Uint8Array([7, 8])))
    expect(received()).toEqual([7, 8])
  })

  it("a DataView over part of a buffer writes exactly its byteLength bytes from its byteOffset", () => {
    const { ex, w, received } = setup()
    const buf = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer
    ex.blockOn(w.write(new DataView(buf, 2, 3)))
    expect(received()).toEqual([2, 3, 4])
  })

  it("other typed arrays write their bytes (byteLength, not length), offsets respected", () => {
    const { ex, w, received } = setup()
    const u16 = new Uint16Array([0x0102, 0x0304, 0x0506]).subarray(1)
    const f64 = new Float64Array([1.5])
    ex.blockOn(w.write(u16))
    ex.blockOn(w.write(f64))
    expect(received()).toEqual([
      ...new Uint8Array(u16.buffer, u16.byteOffset, u16.byteLength),
      ...new Uint8Array(f64.buffer),
    ])
    expect(u16.byteLength).toBe(4)
  })

  itUnless(noBuffer)("an ArrayBuffer writes all of it; a Buffer slice only its own bytes", () => {
    const { ex, w, received } = setup()
    ex.blockOn(w.write(new Uint8Array([9, 8, 7]).buffer))
    const pooled = Buffer.from("xxhelloxx").subarray(2, 7) // a view into Node's shared pool
    ex.blockOn(w.write(pooled))
    expect(received()).toEqual([9, 8, 7, ...Buffer.from("hello")])
  })

  it("tryWrite accepts a DataView and reports its byte count", () => {
    const { w, received } = setup()
    const n = w.tryWrite(new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1))
    expect(n).toBe(3)
    expect(received()).toEqual([2, 3, 4])
  })

  it("an empty view writes nothing and resolves", () => {
    const { ex, w, received } = setup()
    ex.blockOn(w.write(new DataView(new ArrayBuffer(4), 4)))
    expect(received()).toEqual([])
  })
})

describe("BrokenPipe names the side that made the write impossible", () => {
  it("after our own shutdown(): by shutdown; after the peer closed: by peer; a timerfd: read-only", () => {
    const failure = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e as BrokenPipe
      }
      return undefined
    }
    const [a, b] = memoryPair()
    const fa = new AsyncFd(a)
    fa.shutdown()
    const mine = failure(() => fa.tryWrite(new Uint8Array(1)))
    expect(mine).toBeInstanceOf(BrokenPipe)
    expect([mine!.by, mine!.message]).toEqual(["shutdown", expect.stringMatching(/after shutdown\(\) on this side/)])
    const [c, d] = memoryPair()
    new AsyncFd(d).close()
    const theirs = failure(() => new AsyncFd(c).tryWrite(new Uint8Array(1)))
    expect([theirs!.by, theirs!.message]).toEqual(["peer", expect.stringMatching(/whose peer is no longer reading/)])
    const timer = failure(() =>
      new AsyncFd(new TimerFd(new VirtualClock(), { initialMs: 1 })).tryWrite(new Uint8Array(1)),
    )
    expect([timer!.by, timer!.message]).toEqual(["read-only", expect.stringMatching(/which is read-only/)])
    b.close()
  })
})
