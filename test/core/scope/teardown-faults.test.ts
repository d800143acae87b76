import { describe, expect, it } from "vitest"
import { gen, JoinSet, ready, scope, suppressedOf } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"
import { ThrowingTeardown, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

const messages = (xs: readonly unknown[]) => xs.map((e) => (e as Error).message).sort()

describe("scope with children whose teardown throws", () => {
  it("cancelling the scope never throws; every child is cancelled; the errors are reported", () => {
    const ex = new ManualExecutor()
    const a = new ThrowingTeardown(new Error("a"))
    const b = new Probe<number>("b")
    const c = new ThrowingTeardown(new Error("c"))
    const h = ex.spawn(
      scope(function* (s) {
        s.spawn(a)
        s.spawn(b)
        s.spawn(c)
        yield* new Probe<number>("body")
      }),
    )
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect([a.cancels, b.cancels, c.cancels]).toEqual([1, 1, 1])
    expect(messages(cap.faults.map((f) => f.error))).toEqual(["a", "c"])
  })

  it("fail-fast: the first failure is thrown, a sibling gen's throwing finally suppressed behind it", () => {
    const ex = new ManualExecutor()
    const failing = new Probe<number>("failing")
    const h = ex.spawn(
      scope(function* (s) {
        s.spawn(
          gen(function* () {
            try {
              yield* new Probe<number>("slow")
            } finally {
              // eslint-disable-next-line no-unsafe-finally
              throw new Error("finally failed")
            }
          }),
        )
        s.spawn(failing)
        yield* new Probe<number>("body")
      }),
    )
    ex.runUntilStalled()
    const boom = new Boom("first")
    failing.reject(boom)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Failure", error: boom })
    expect(messages(suppressedOf(boom))).toEqual(["finally failed"])
    expect(cap.faults).toEqual([])
  })

  it("s.cancelChildren() never throws at the body", () => {
    const ex = new ManualExecutor()
    const t = new ThrowingTeardown()
    const h = ex.spawn(
      scope(function* (s) {
        s.spawn(t)
        yield* ready(undefined)
        s.cancelChildren()
        return "body went on"
      }),
    )
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: "body went on" })
    expect(t.cancels).toBe(1)
    expect(cap.faults).toHaveLength(1)
  })
})

describe("JoinSet with members whose teardown throws", () => {
  it("cancel() and abortAll() never throw; every member is cancelled; errors are reported", () => {
    const ex = new ManualExecutor()
    const set = new JoinSet<number, unknown>()
    const a = new ThrowingTeardown(new Error("a"))
    const b = new Probe<number>("b")
    set.spawn(a)
    set.spawn(b)
    ex.spawn(set.joinNext())
    ex.runUntilStalled()
    expect(() => set.abortAll()).not.toThrow()
    expect([a.cancels, b.cancels]).toEqual([1, 1])
    const c = new ThrowingTeardown(new Error("c"))
    set.spawn(c)
    expect(() => set.cancel()).not.toThrow()
    expect(c.cancels).toBe(1)
    expect(messages(cap.faults.map((f) => f.error))).toEqual(["a", "c"])
  })

  it("handle.abort() never throws", () => {
    const set = new JoinSet<number, unknown>()
    const t = new ThrowingTeardown()
    const h = set.spawn(t)
    expect(() => h.abort()).not.toThrow()
    expect(t.cancels).toBe(1)
    expect(cap.faults).toHaveLength(1)
  })
})
