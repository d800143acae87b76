// `yield* sub(...)` of a gen never polled, inside a running gen: the sub-call's body runs as
// part of the caller (its awaits go to the caller's driver), and the sub-gen is consumed.
import { describe, expect, it } from "vitest"
import { InvalidArgument, Pending, PollAfterReady, fn, gen, suspend } from "@pollable/core"
import { CountingWaker, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../support/probe.js"

describe("gen sub-calls", () => {
  it("a sub-call's pending await wakes the caller, its value is the yield*'s, and the sub-gen is consumed", () => {
    const p = new Probe()
    const w = new CountingWaker()
    const add = fn(function* add(n: number) {
      const v = yield* suspend(() => p)
      return v + n
    })
    const sub = add(1)
    const outer = gen(function* () {
      return yield* sub
    })
    expect(outer.poll(contextOf(w))).toBe(Pending)
    expect(p.polls).toBe(1)
    // its body runs as part of the caller: the sub-gen itself is already spent
    expect(() => sub.poll(contextOf(new CountingWaker()))).toThrow(PollAfterReady)
    p.resolve(41)
    expect(w.count).toBe(1)
    expect(outer.poll(contextOf(w))).toBe(42)
    // run once, by its caller: polling it afterwards is a poll after the end
    expect(() => sub.poll(contextOf(w))).toThrow(PollAfterReady)
  })

  it("an inline sub-gen's failure reaches the caller's try/catch", () => {
    const p = new Probe()
    const outer = gen(function* () {
      try {
        return yield* gen(function* () {
          return yield* suspend(() => p)
        })
      } catch (e) {
        return e instanceof Boom ? -1 : -2
      }
    })
    const w = new CountingWaker()
    expect(outer.poll(contextOf(w))).toBe(Pending)
    p.reject(new Boom())
    expect(outer.poll(contextOf(w))).toBe(-1)
  })

  it("cancelling the caller cancels the sub-call's awaited future and runs its finally blocks, innermost first", () => {
    const log: string[] = []
    const p = new Probe()
    const inner = fn(function* inner() {
      try {
        return yield* suspend(() => p)
      } finally {
        log.push("inner finally")
      }
    })
    const outer = gen(function* () {
      try {
        return yield* gen(function* () {
          try {
            return yield* inner()
          } finally {
            log.push("middle finally")
          }
        })
      } finally {
        log.push("outer finally")
      }
    })
    expect(outer.poll(contextOf(new CountingWaker()))).toBe(Pending)
    outer.cancel()
    expect(p.cancelled).toBe(true)
    expect(p.registered).toBe(false)
    expect(log).toEqual(["inner finally", "middle finally", "outer finally"])
  })

  it("a gen already polled is awaited as the future it is, not started again", () => {
    const p = new Probe()
    let starts = 0
    const sub = gen(function* () {
      starts++
      return yield* suspend(() => p)
    })
    const w = new CountingWaker()
    expect(sub.poll(contextOf(new CountingWaker()))).toBe(Pending)
    const outer = gen(function* () {
      return (yield* sub) * 2
    })
    expect(outer.poll(contextOf(w))).toBe(Pending)
    p.resolve(21)
    expect(w.count).toBe(1)
    expect(outer.poll(contextOf(w))).toBe(42)
    expect(starts).toBe(1)
  })

  it("a generator driven by hand gets a sub-gen yielded to it, not its body's awaits", () => {
    const sub = gen(function* () {
      return yield* suspend(() => new Probe())
    })
    function* byHand(): Generator<unknown, unknown, unknown> {
      return yield* sub
    }
    expect(byHand().next().value).toBe(sub)
  })

  it("a sub-gen polled again after a yield* ran it says so", () => {
    const p = new Probe()
    const sub = gen(function* named() {
      return yield* suspend(() => p)
    })
    const outer = gen(function* () {
      return yield* sub
    })
    expect(outer.poll(contextOf(new CountingWaker()))).toBe(Pending)
    expect(() => sub.poll(contextOf(new CountingWaker()))).toThrow(
      /gen\(named\) was polled after it was run by a `yield\*` in another gen's body/,
    )
  })

  it("a sub-call that yields a non-future fails at that yield, and the caller's try/catch sees it", () => {
    const bad = fn(function* bad() {
      yield 5 as never
      return 1
    })
    const outer = gen(function* () {
      try {
        return yield* bad()
      } catch (e) {
        return e instanceof InvalidArgument ? "caught" : "other"
      }
    })
    expect(outer.poll(contextOf(new CountingWaker()))).toBe("caught")
  })
})
