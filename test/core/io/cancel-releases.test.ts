// Rule 4 for the byte-stream layers: a cancelled read, readLine, framed next() or write
// leaves no waker registered with the fd, so data arriving afterwards wakes nobody.
import { describe, expect, it } from "vitest"
import { BufReader, framed, linesCodec, read, split, timeout, writeAll, type Future } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { enc, fds } from "./io-helpers.js"

/** Start `make(fb)` pending, cancel it, then let data arrive on fb: count the wakes nobody wanted. */
function strayWakesAfterCancel(make: (fd: ReturnType<typeof fds>["fb"]) => Future<unknown, unknown>): number {
  const { fa, fb } = fds()
  const ex = new ManualExecutor()
  const h = ex.spawn(make(fb))
  ex.runUntilStalled()
  expect(h.outcome).toBeUndefined()
  h.cancel()
  ex.runUntilStalled()
  fa.tryWrite(enc("late data\n"))
  ex.runUntilStalled()
  return ex.strayWakes
}

describe("rule 4: cancelled byte-stream reads release the fd's read waker", () => {
  it("read(r, buf)", () => {
    expect(strayWakesAfterCancel((fb) => read(fb, new Uint8Array(8)))).toBe(0)
  })
  it("BufReader.readLine()", () => {
    expect(strayWakesAfterCancel((fb) => new BufReader(fb).readLine())).toBe(0)
  })
  it("framed(...).next()", () => {
    expect(strayWakesAfterCancel((fb) => framed(fb, linesCodec()).next())).toBe(0)
  })
  it("a read half's read", () => {
    expect(strayWakesAfterCancel((fb) => read(split(fb)[0], new Uint8Array(8)))).toBe(0)
  })
  it("a readLine lost to a timeout, then the same reader reads on", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const { fa, fb } = fds()
    const r = new BufReader(fb)
    ex.spawn(timeout(r.readLine(), 5))
    ex.runUntilStalled()
    clock.advance(5)
    ex.runUntilStalled()
    fa.tryWrite(enc("x\n"))
    ex.runUntilStalled()
    expect(ex.strayWakes).toBe(0)
    expect(ex.blockOn(r.readLine())).toBe("x")
  })
})

describe("rule 4: a cancelled write releases the fd's write waker", () => {
  it("writeAll on a full peer", () => {
    const { fa, b } = fds({ capacity: 4 })
    const ex = new ManualExecutor()
    const h = ex.spawn(writeAll(fa, enc("more than four bytes")))
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined()
    h.cancel()
    b.tryRead() // room again: nobody should be woken
    ex.runUntilStalled()
    expect(ex.strayWakes).toBe(0)
  })
})
