import { describe, expect, it } from "vitest"
import { AsyncFd, Pending, WouldBlock } from "@pollable/core"
import { contextOf, CountingWaker, memoryPair } from "@pollable/core/testing"
import { ThrowingWaker, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("AsyncFd with a waker that throws", () => {
  it("close() still wakes the other direction and closes the source", () => {
    const [a] = memoryPair({ capacity: 4 })
    let closed = false
    const close = a.close.bind(a)
    a.close = () => {
      closed = true
      close()
    }
    const fd = new AsyncFd(a)
    // drain the initial readiness so both directions wait
    const r = fd.pollReadReady(contextOf())
    if (r !== Pending) r.tryIo((s) => s.tryRead())
    expect(fd.pollReadReady(contextOf(new ThrowingWaker()))).toBe(Pending)
    const w = fd.pollWriteReady(contextOf())
    if (w !== Pending) w.tryIo((s) => s.tryWrite(new Uint8Array(4)))
    const ww = fd.pollWriteReady(contextOf())
    if (ww !== Pending) expect(ww.tryIo((s) => s.tryWrite(new Uint8Array(4)))).toBe(WouldBlock)
    const writer = new CountingWaker()
    expect(fd.pollWriteReady(contextOf(writer))).toBe(Pending)
    expect(() => fd.close()).not.toThrow()
    expect(writer.count).toBe(1)
    expect(closed).toBe(true)
    expect(cap.faults).toHaveLength(1)
  })
})
