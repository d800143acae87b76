import { describe, expect, it } from "vitest"
import { MissingCapability, TimeoutError, map, sleep, timeout } from "@pollable/core"
import { ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

describe("timeout", () => {
  it("passes the value through when in time and removes its timer", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(
      ex.blockOn(
        timeout(
          map(sleep(5), () => "ok"),
          10,
        ),
      ),
    ).toBe("ok")
    expect(clock.now()).toBe(5)
    expect(clock.pendingTimers).toBe(0)
  })
  it("fails with TimeoutError at the deadline and cancels the inner future", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const p = new Probe("slow-op")
    const h = ex.spawn(timeout(p, 10))
    ex.runUntilStalled()
    clock.advance(10)
    const o = h.outcome
    expect(o?._tag).toBe("Failure")
    const err = (o as { error: unknown }).error
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as TimeoutError).message).toBe(
      "slow-op did not finish within 10 ms and was cancelled; raise the limit or handle TimeoutError",
    )
    expect(p.cancels).toBe(1)
    expect(p.polls).toBe(2) // one last poll at the deadline
    expect(clock.pendingTimers).toBe(0)
  })
  it("the inner future's last-moment value wins over the deadline", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(
      ex.blockOn(
        timeout(
          map(sleep(10), () => "just in time"),
          10,
        ),
      ),
    ).toBe("just in time")
  })
  it("passes the inner failure through and removes its timer", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(() =>
      ex.blockOn(
        timeout(
          map(sleep(1), () => {
            throw new Boom()
          }),
          10,
        ),
      ),
    ).toThrow(Boom)
    expect(clock.pendingTimers).toBe(0)
  })
  it("cancel cancels the inner future and removes the timer", () => {
    const p = new Probe()
    const clock = new VirtualClock()
    const f = timeout(p, 10)
    f.poll(contextOf(undefined, clock))
    f.cancel()
    expect(p.cancels).toBe(1)
    expect(clock.pendingTimers).toBe(0)
    checkNoLeaks(() => timeout(sleep(100), 50), 20)
  })
  it("without a timer: MissingCapability, and the inner future is cancelled", () => {
    const p = new Probe()
    expect(() => timeout(p, 10).poll(contextOf())).toThrow(MissingCapability)
    expect(p.cancels).toBe(1)
  })
})
