import { describe, expect, it } from "vitest"
import { Pending, map, pollFn, ready, sleep } from "@pollable/core"
import { ManualExecutor, Stalled, VirtualClock } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

describe("ManualExecutor", () => {
  it("blockOn advances the virtual clock and throws Stalled when nothing can move", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(ex.blockOn(map(sleep(7), () => "x"))).toBe("x")
    const p = new Probe("never-woken")
    expect(() => ex.blockOn(p)).toThrow(Stalled)
    expect(() => ex.blockOn(new Probe("lonely"))).toThrow(/lonely is pending.*rule 1/)
  })
  it("step polls one task at a time", () => {
    const ex = new ManualExecutor()
    ex.spawn(ready(1))
    ex.spawn(ready(2))
    expect(ex.step()).toBe(true)
    expect(ex.queued).toBe(1)
    expect(ex.step()).toBe(true)
    expect(ex.step()).toBe(false)
  })
  it("runUntilStalled throws on a livelock past maxPolls", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(pollFn((cx) => (cx.waker.wake(), Pending)))
    expect(() => ex.runUntilStalled(1000)).toThrow(/more than 1000 polls/)
    h.cancel()
  })
})
