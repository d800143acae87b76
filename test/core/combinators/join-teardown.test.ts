import { describe, expect, it } from "vitest"
import { join, suppressedOf, tryJoin, tryJoinAll } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { Bang, Boom, Probe } from "../../support/probe.js"
import { ThrowingTeardown, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("tryJoin whose siblings' teardown throws", () => {
  it("fails with the first failure, the teardown errors suppressed, every sibling cancelled", () => {
    const ex = new ManualExecutor()
    const failing = new Probe<number>("failing")
    const t1 = new ThrowingTeardown(new Bang("t1"))
    const t2 = new ThrowingTeardown(new Bang("t2"))
    const ok = new Probe<number>("ok")
    const h = ex.spawn(tryJoin(t1, failing, ok, t2))
    ex.runUntilStalled()
    const boom = new Boom("first failure")
    failing.reject(boom)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Failure", error: boom })
    expect(
      suppressedOf(boom)
        .map((e) => (e as Error).message)
        .sort(),
    ).toEqual(["t1", "t2"])
    expect([t1.cancels, ok.cancels, t2.cancels]).toEqual([1, 1, 1])
    expect(cap.faults).toEqual([])
  })

  it("tryJoinAll: a child failing in the first pass keeps its error", () => {
    const ex = new ManualExecutor()
    const t = new ThrowingTeardown(new Bang("teardown"))
    const failing = new Probe<number>("failing")
    const boom = new Boom()
    failing.reject(boom)
    const h = ex.spawn(tryJoinAll<number, unknown>([t, failing]))
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Failure", error: boom })
    expect(suppressedOf(boom)).toHaveLength(1)
  })

  it("cancelling a join never throws; every child is cancelled", () => {
    const ex = new ManualExecutor()
    const t = new ThrowingTeardown()
    const p = new Probe<number>()
    const h = ex.spawn(join(t, p))
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect([t.cancels, p.cancels]).toEqual([1, 1])
    expect(cap.faults).toHaveLength(1)
  })
})
