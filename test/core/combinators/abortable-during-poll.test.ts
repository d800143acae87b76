// abortable() sees an abort that happened while its inner future was being polled.
import { describe, expect, it } from "vitest"
import { Pending, abortable, pollFn } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"

describe("abortable", () => {
  it("notices an abort that happened while its inner future was being polled", () => {
    const ex = new ManualExecutor()
    const ac = new AbortController()
    let cancelled = false
    const inner = pollFn<number>(
      () => {
        ac.abort("during poll")
        return Pending
      },
      () => {
        cancelled = true
      },
    )
    const h = ex.spawn(abortable(inner, ac.signal))
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Interrupted")
    expect(cancelled).toBe(true)
  })
})
