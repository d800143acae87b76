import { describe, expect, it } from "vitest"
import { Pending, PollAfterReady, gen, map } from "@pollable/core"
import { contextOf, CountingWaker, ManualExecutor, ManualFuture, manualFuture } from "@pollable/core/testing"

describe("manualFuture (testing helper)", () => {
  it("is lazy (rule 7): nothing polled, nothing registered", () => {
    const f = manualFuture<number>()
    expect(f).toBeInstanceOf(ManualFuture)
    expect(f.polls).toBe(0)
    expect(f.registered).toBe(false)
    expect(f.settled).toBe(false)
    expect(f.label).toBe("manualFuture")
  })

  it("holds the latest poll's waker (rule 1) and wakes it on resolve", () => {
    const f = manualFuture<number>("answer")
    const a = new CountingWaker()
    const b = new CountingWaker()
    expect(f.poll(contextOf(a))).toBe(Pending)
    expect(f.poll(contextOf(b))).toBe(Pending)
    expect(f.waker).toBe(b)
    expect(f.registered).toBe(true)
    f.resolve(42)
    expect([a.count, b.count]).toEqual([0, 1])
    expect(f.registered).toBe(false)
    expect(f.settled).toBe(true)
    expect(f.poll(contextOf(b))).toBe(42)
    expect(f.polls).toBe(3)
  })

  it("reject: the next poll throws the error", () => {
    const f = manualFuture<number, Error>()
    f.reject(new Error("no"))
    expect(() => f.poll(contextOf())).toThrow("no")
  })

  it("rule 3: a poll after it returned or after cancel throws PollAfterReady naming it", () => {
    const f = manualFuture<number>("gate-1")
    f.resolve(1)
    expect(f.completed).toBe(false)
    expect(f.poll(contextOf())).toBe(1)
    expect(f.completed).toBe(true)
    f.cancel() // redundant: counted, no effect
    expect([f.cancels, f.cancelled]).toEqual([1, false])
    expect(() => f.poll(contextOf())).toThrow(PollAfterReady)
    const g = manualFuture("gate-2")
    g.cancel()
    expect(() => g.poll(contextOf())).toThrow(/gate-2/)
  })

  it("rule 4: cancel drops the waker, a later resolve wakes nobody; every cancel() call is counted", () => {
    const f = manualFuture<number>()
    const w = new CountingWaker()
    f.poll(contextOf(w))
    expect(f.cancelled).toBe(false)
    f.cancel()
    f.cancel()
    expect(f.cancels).toBe(2)
    expect(f.cancelled).toBe(true)
    expect(f.registered).toBe(false)
    f.resolve(1)
    expect(w.count).toBe(0)
    expect(f.settled).toBe(false)
  })

  it("works with yield* in gen and on an executor (the TSDoc example)", () => {
    const ex = new ManualExecutor()
    const f = manualFuture<number>("answer")
    const h = ex.spawn(map(f, (x) => x + 1))
    ex.runUntilStalled()
    expect(f.registered).toBe(true)
    f.resolve(41)
    expect(ex.blockOn(h)).toBe(42)
    const g = manualFuture<string>()
    const k = ex.spawn(
      gen(function* () {
        const s: string = yield* g
        return s.length
      }),
    )
    ex.runUntilStalled()
    g.resolve("abc")
    ex.runUntilStalled()
    expect(k.outcome).toEqual({ _tag: "Success", value: 3 })
  })
})
