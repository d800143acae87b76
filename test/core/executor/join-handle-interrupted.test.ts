// A JoinHandle of a future that throws Interrupted ends interrupted (rule 6).
import { describe, expect, it } from "vitest"
import { Interrupted, abortable, pending, pollFn, settle } from "@pollable/core"
import { ManualExecutor, contextOf } from "@pollable/core/testing"

describe("JoinHandle of a future that throws Interrupted (rule 6)", () => {
  it("has the interrupted outcome, like settle(), and rejects with the very error thrown", async () => {
    const ex = new ManualExecutor()
    const thrown = new Interrupted("the inner work", "user pressed stop")
    const h = ex.spawn(
      pollFn<never>(() => {
        throw thrown
      }),
    )
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    await expect(h).rejects.toBe(thrown)
    // settle of the same kind of future agrees
    expect(
      ex.blockOn(
        settle(
          pollFn<never>(() => {
            throw thrown
          }),
        ),
      ),
    ).toEqual({ _tag: "Interrupted" })
  })

  it("polling the handle rethrows the same Interrupted", () => {
    const ex = new ManualExecutor()
    const thrown = new Interrupted("the inner work")
    const h = ex.spawn(
      pollFn<never>(() => {
        throw thrown
      }),
    )
    ex.runUntilStalled()
    let caught: unknown
    try {
      h.poll(contextOf())
    } catch (e) {
      caught = e
    }
    expect(caught).toBe(thrown)
  })

  it("an aborted abortable() task ends interrupted, not failed", () => {
    const ex = new ManualExecutor()
    const ac = new AbortController()
    const h = ex.spawn(abortable(pending(), ac.signal))
    ex.runUntilStalled()
    ac.abort("stop")
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
  })
})
