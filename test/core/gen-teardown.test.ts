import { describe, expect, it } from "vitest"
import { gen } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { Probe } from "../support/probe.js"
import { ThrowingTeardown, faultsPerTest } from "../support/faults.js"
import { wrap } from "@pollable/core"

const cap = faultsPerTest()

describe("gen teardown that throws", () => {
  it("a finally that throws while cancelled: cancel() does not throw, the error is reported", () => {
    const ex = new ManualExecutor()
    const f = gen(function* () {
      try {
        yield* new Probe<number>()
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        throw new Error("finally failed")
      }
    })
    const h = ex.spawn(f)
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect(cap.faults.map((x) => (x.error as Error).message)).toEqual(["finally failed"])
  })

  it("an awaited future whose cancel() throws: the gen's finally blocks still run", () => {
    const ex = new ManualExecutor()
    const cleaned: string[] = []
    const t = new ThrowingTeardown(new Error("inner teardown"))
    const h = ex.spawn(
      gen(function* () {
        try {
          yield* wrap(t)
        } finally {
          cleaned.push("finally")
        }
      }),
    )
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect(cleaned).toEqual(["finally"])
    expect(t.cancels).toBe(1)
    expect(cap.faults.map((x) => (x.error as Error).message)).toEqual(["inner teardown"])
  })

  it("a task that cancels itself while its finally throws: the fault is reported, not lost", () => {
    const ex = new ManualExecutor()
    let self: { cancel(): void } | undefined
    const h = ex.spawn(
      gen(function* () {
        try {
          self!.cancel()
          yield* new Probe<number>()
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new Error("finally failed")
        }
      }),
    )
    self = h
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(cap.faults.map((x) => (x.error as Error).message)).toEqual(["finally failed"])
  })
})
