import { describe, expect, it } from "vitest"
import { fromCallback, select, suppressedOf } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"
import { faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("fromCallback whose cleanup throws", () => {
  it("cancel() does not throw; the cleanup error is reported", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(
      fromCallback<number>(() => () => {
        throw new Error("cleanup failed")
      }),
    )
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(cap.faults.map((f) => (f.error as Error).message)).toEqual(["cleanup failed"])
  })

  it("a value that arrived is returned although the cleanup throws after it", () => {
    const ex = new ManualExecutor()
    let resolve!: (v: number) => void
    const h = ex.spawn(
      fromCallback<number>((res) => {
        resolve = res
        return () => {
          throw new Error("cleanup failed")
        }
      }),
    )
    ex.runUntilStalled()
    resolve(5)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 5 })
    expect(cap.faults).toHaveLength(1)
  })

  it("a failure that arrived keeps its error; the cleanup's goes with it as suppressed", () => {
    const ex = new ManualExecutor()
    let reject!: (e: Error) => void
    const h = ex.spawn(
      fromCallback<number, Error>((_res, rej) => {
        reject = rej
        return () => {
          throw new Error("cleanup failed")
        }
      }),
    )
    ex.runUntilStalled()
    const err = new Error("source failed")
    reject(err)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Failure", error: err })
    expect(suppressedOf(err)).toHaveLength(1)
  })

  it("as a select loser: the winner's value stands", () => {
    const ex = new ManualExecutor()
    const w = new Probe<string>()
    const h = ex.spawn(
      select(
        w,
        fromCallback<number>(() => () => {
          throw new Error("cleanup failed")
        }),
      ),
    )
    ex.runUntilStalled()
    w.resolve("w")
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: { index: 0, value: "w" } })
    expect(cap.faults).toHaveLength(1)
  })
})

describe("fromCallback whose waker throws", () => {
  it("resolve() does not throw into the source's callback; the value is still delivered", async () => {
    const { contextOf } = await import("@pollable/core/testing")
    const { ThrowingWaker } = await import("../../support/faults.js")
    let resolve!: (v: number) => void
    const f = fromCallback<number>((res) => {
      resolve = res
    })
    f.poll(contextOf(new ThrowingWaker()))
    expect(() => resolve(4)).not.toThrow()
    expect(f.poll(contextOf())).toBe(4)
    expect(cap.faults).toHaveLength(1)
  })
})
