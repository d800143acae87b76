import { describe, expect, it } from "vitest"
import { gen, LocalExecutor, select } from "@pollable/core"
import { ExploringExecutor, ManualExecutor, seededChoose } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"
import { faultLog, ThrowingTeardown, faultsPerTest } from "../../support/faults.js"
import { refuses } from "../../support/refuses.js"

const cap = faultsPerTest()

describe("JoinHandle.cancel() with a teardown that throws", () => {
  it("never throws; the outcome is Interrupted; the error goes to the executor's onFault", () => {
    const log = faultLog()
    const ex = new ManualExecutor({ onFault: log.onFault })
    const t = new ThrowingTeardown(new Error("teardown"))
    const h = ex.spawn(t)
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(log.faults.map((f) => (f.error as Error).message)).toEqual(["teardown"])
    expect(log.faults[0]!.origin).toMatch(/task#\d+/)
    expect(cap.faults).toEqual([]) // not the process-wide reporter
  })

  it("without onFault the process-wide reporter gets it", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(new ThrowingTeardown())
    ex.runUntilStalled()
    h.cancel()
    expect(cap.faults).toHaveLength(1)
  })

  it("a loser's teardown fault raised while the executor polls goes to that executor's onFault", async () => {
    const log = faultLog()
    const ex = new LocalExecutor({ onFault: log.onFault })
    const w = new Probe<number>()
    const h = ex.spawn(select(w, new ThrowingTeardown(new Error("loser"))))
    await Promise.resolve()
    w.resolve(1)
    expect(await h).toEqual({ index: 0, value: 1 })
    expect(log.faults.map((f) => (f.error as Error).message)).toEqual(["loser"])
    expect(cap.faults).toEqual([])
  })

  it("ExploringExecutor takes onFault too", () => {
    const log = faultLog()
    const ex = new ExploringExecutor({ choose: seededChoose(1), onFault: log.onFault })
    const w = new Probe<number>()
    const h = ex.spawn(
      gen(function* () {
        return yield* select(w, new ThrowingTeardown())
      }),
    )
    ex.run()
    w.resolve(3)
    ex.run()
    expect(h.outcome).toEqual({ _tag: "Success", value: { index: 0, value: 3 } })
    expect(log.faults).toHaveLength(1)
  })

  it("onFault must be a function", () => {
    refuses(() => new LocalExecutor({ onFault: 42 as never }), "LocalExecutor({ onFault })", /function/)
  })
})
