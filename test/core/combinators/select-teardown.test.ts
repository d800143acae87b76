import { describe, expect, it } from "vitest"
import { gen, mpsc, race, select, selectAll, suppressedOf } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"
import { ThrowingTeardown, type Fault, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("select whose loser's teardown throws", () => {
  it("returns the message recv took from the channel; the teardown error is reported", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const [tx, rx] = mpsc<string>(4)
    const loser = new ThrowingTeardown(new Error("loser teardown"))
    tx.trySend("hello")
    const h = ex.spawn(select(rx.recv(), loser))
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: { index: 0, value: "hello" } })
    expect(loser.cancels).toBe(1)
    expect(rx.length).toBe(0) // taken once, and returned
    expect(cap.faults.map((f: Fault) => (f.error as Error).message)).toEqual(["loser teardown"])
  })

  it("race keeps the winner's value and still cancels every other sibling", () => {
    const ex = new ManualExecutor()
    const winner = new Probe<number>("winner")
    const a = new ThrowingTeardown(new Error("a"))
    const b = new Probe<number>("b")
    const c = new ThrowingTeardown(new Error("c"))
    const h = ex.spawn(race(winner, a, b, c))
    ex.runUntilStalled()
    winner.resolve(7)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    expect([a.cancels, b.cancels, c.cancels]).toEqual([1, 1, 1])
    expect(cap.faults.map((f) => (f.error as Error).message).sort()).toEqual(["a", "c"])
  })

  it("a gen loser whose finally throws does not replace the winner", () => {
    const ex = new ManualExecutor()
    const winner = new Probe<string>("winner")
    const loser = gen(function* () {
      try {
        yield* new Probe<number>("never")
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        throw new Error("finally failed")
      }
    })
    const h = ex.spawn(selectAll<unknown, unknown>([winner, loser]))
    ex.runUntilStalled()
    winner.resolve("won")
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: { index: 0, value: "won" } })
    expect(cap.faults.map((f) => (f.error as Error).message)).toEqual(["finally failed"])
  })

  it("a failing child's error is raised with the siblings' teardown errors as suppressed", () => {
    const ex = new ManualExecutor()
    const failing = new Probe<number>("failing")
    const loser = new ThrowingTeardown(new Error("teardown"))
    const other = new Probe<number>("other")
    const h = ex.spawn(select(failing, loser, other))
    ex.runUntilStalled()
    const boom = new Boom()
    failing.reject(boom)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Failure", error: boom })
    expect(suppressedOf(boom).map((e) => (e as Error).message)).toEqual(["teardown"])
    expect(other.cancels).toBe(1)
    expect(cap.faults).toEqual([])
  })

  it("cancelling the select never throws; every child is cancelled", () => {
    const ex = new ManualExecutor()
    const a = new ThrowingTeardown()
    const b = new Probe<number>("b")
    const s = select(a, b)
    const h = ex.spawn(s)
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect([a.cancels, b.cancels]).toEqual([1, 1])
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(cap.faults).toHaveLength(1)
  })
})
