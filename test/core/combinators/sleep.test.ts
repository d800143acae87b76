import { describe, expect, it } from "vitest"
import { sleep, gen } from "@pollable/core"
import { ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"

describe("sleep", () => {
  it("completes at first poll + ms on the executor's clock", () => {
    const clock = new VirtualClock(1000)
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(sleep(25))
    ex.runUntilStalled()
    clock.advance(24)
    expect(h.outcome).toBeUndefined()
    clock.advance(1)
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.now()).toBe(1025)
  })
  it("sleep(0) completes at the first poll without a timer entry", () => {
    const clock = new VirtualClock()
    expect(sleep(0).poll(contextOf(undefined, clock))).toBeUndefined()
    expect(clock.pendingTimers).toBe(0)
  })
  it("sequential sleeps add up", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(
      gen(function* () {
        yield* sleep(10)
        yield* sleep(10)
      }),
    )
    clock.advance(20)
    expect(h.outcome?._tag).toBe("Success")
  })
  it("cancel removes the timer entry", () => {
    const clock = new VirtualClock()
    const f = sleep(10)
    f.poll(contextOf(undefined, clock))
    expect(clock.pendingTimers).toBe(1)
    f.cancel()
    expect(clock.pendingTimers).toBe(0)
    checkNoLeaks(() => sleep(10), 3)
  })
})
