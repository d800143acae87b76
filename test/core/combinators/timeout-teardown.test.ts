import { describe, expect, it } from "vitest"
import { gen, suppressedOf, timeout, TimeoutError } from "@pollable/core"
import { virtualTime } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"
import { ThrowingTeardown, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("timeout whose inner future's teardown throws", () => {
  it("still fails with TimeoutError, the teardown error attached as suppressed", () => {
    const { clock, ex } = virtualTime()
    const inner = new ThrowingTeardown(new Error("inner teardown"))
    const h = ex.spawn(timeout(inner, 50))
    clock.advance(50)
    const o = h.outcome
    expect(o?._tag).toBe("Failure")
    const err = (o as { error: unknown }).error
    expect(err).toBeInstanceOf(TimeoutError)
    expect(suppressedOf(err).map((e) => (e as Error).message)).toEqual(["inner teardown"])
    expect(inner.cancels).toBe(1)
    expect(clock.pendingTimers).toBe(0)
    expect(cap.faults).toEqual([])
  })

  it("a gen whose finally throws at the deadline: TimeoutError, the finally's error suppressed", () => {
    const { clock, ex } = virtualTime()
    const h = ex.spawn(
      timeout(
        gen(function* () {
          try {
            yield* new Probe<number>("slow")
          } finally {
            // eslint-disable-next-line no-unsafe-finally
            throw new Error("finally failed")
          }
        }),
        10,
      ),
    )
    clock.advance(10)
    const err = (h.outcome as { error: unknown }).error
    expect(err).toBeInstanceOf(TimeoutError)
    expect(suppressedOf(err).map((e) => (e as Error).message)).toEqual(["finally failed"])
  })

  it("cancelling the timeout never throws and releases its timer", () => {
    const { clock, ex } = virtualTime()
    const inner = new ThrowingTeardown()
    const h = ex.spawn(timeout(inner, 50))
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect(clock.pendingTimers).toBe(0)
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(cap.faults).toHaveLength(1)
  })
})
