import { describe, expect, it } from "vitest"
import { sleep } from "@pollable/core"
import { ManualExecutor, VirtualClock, seededChoose } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"

describe("VirtualClock and the testing helpers refuse bad times at call time", () => {
  it("advanceTo(NaN) is InvalidArgument (it used to loop forever: no deadline is ever > NaN)", () => {
    const clock = new VirtualClock()
    refuses(
      () => clock.advanceTo(Number.NaN),
      "VirtualClock.advanceTo(t)",
      /expected a finite (number of milliseconds|time in milliseconds), got (a number \()?NaN/,
    )
    refuses(() => clock.advanceTo(Infinity), "VirtualClock.advanceTo(t)", /Infinity/)
    refuses(() => new VirtualClock(Number.NaN), "new VirtualClock(start)", /NaN/)
  })

  it("advanceAsync(-1) throws at the call instead of returning a rejected promise", () => {
    refuses(
      () => new VirtualClock().advanceAsync(-1),
      "VirtualClock.advanceAsync(ms)",
      /expected a finite duration >= 0/,
    )
  })

  it("runUntilStalled and seededChoose check theirs", () => {
    refuses(
      () => new ManualExecutor().runUntilStalled(Number.NaN),
      "ManualExecutor.runUntilStalled(maxPolls)",
      /integer >= 1/,
    )
    refuses(() => seededChoose(Symbol("s") as never), "seededChoose(seed)", /got a symbol/)
  })

  it("valid times still work", () => {
    const clock = new VirtualClock(100)
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(sleep(5))
    ex.runUntilStalled()
    clock.advanceTo(105)
    expect(h.outcome).toEqual({ _tag: "Success", value: undefined })
  })
})
