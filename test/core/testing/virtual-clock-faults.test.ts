import { describe, expect, it } from "vitest"
import { sleep, timeout } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, virtualTime } from "@pollable/core/testing"
import { ThrowingWaker, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("VirtualClock.advance with a waker that throws", () => {
  it("fires every other timer and keeps going", () => {
    const clock = new VirtualClock()
    const a = new CountingWaker()
    const b = new CountingWaker()
    clock.schedule(5, new ThrowingWaker())
    clock.schedule(5, a)
    clock.schedule(8, b)
    expect(() => clock.advance(10)).not.toThrow()
    expect([a.count, b.count]).toEqual([1, 1])
    expect(clock.pendingTimers).toBe(0)
    expect(cap.faults).toHaveLength(1)
  })
})

describe("VirtualClock time is exact for sub-millisecond steps", () => {
  it("ten advance(0.1) reach 1 exactly and fire sleep(1)", () => {
    const { clock, ex } = virtualTime()
    const h = ex.spawn(sleep(1))
    ex.runUntilStalled()
    for (let i = 0; i < 10; i++) clock.advance(0.1)
    expect(clock.now()).toBe(1)
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.pendingTimers).toBe(0)
  })

  it("a sleep of 0.2 armed at 0.1 fires under advance(0.2); time stays on the grid afterwards", () => {
    const { clock, ex } = virtualTime()
    clock.advance(0.1)
    const h = ex.spawn(sleep(0.2))
    ex.runUntilStalled()
    clock.advance(0.2)
    expect(h.outcome?._tag).toBe("Success")
    clock.advance(0.1)
    expect(clock.now()).toBe(0.4)
  })

  it("a thousand advance(0.001) reach 1; a million advance(1e-6) reach 1", () => {
    const clock = new VirtualClock()
    for (let i = 0; i < 1000; i++) clock.advance(0.001)
    expect(clock.now()).toBe(1)
    const c2 = new VirtualClock(5)
    for (let i = 0; i < 1_000_000; i++) c2.advance(1e-6)
    expect(c2.now()).toBe(6)
  })

  it("timeout deadlines on fractional times fire in order, and runAll ends on the last one", () => {
    const clock = new VirtualClock(0.3)
    const ex = new ManualExecutor({ timer: clock })
    const t = ex.spawn(timeout(sleep(0.7), 0.35))
    const s = ex.spawn(sleep(0.7))
    clock.runAll()
    expect(t.outcome?._tag).toBe("Failure")
    expect(s.outcome?._tag).toBe("Success")
    expect(clock.now()).toBe(1)
  })

  it("advanceAsync steps the same exact way", async () => {
    const clock = new VirtualClock()
    for (let i = 0; i < 10; i++) await clock.advanceAsync(0.1, async () => {})
    expect(clock.now()).toBe(1)
  })
})
