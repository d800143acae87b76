import { describe, expect, it } from "vitest"
import { Pending, map, ready, shared, sleep, join } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

describe("shared", () => {
  it("many awaiters, one underlying poll per wake, same value for all", () => {
    const p = new Probe()
    const s = shared(p)
    const waiters = [s, s.clone(), s.clone(), s.clone()]
    const ex = new ManualExecutor()
    const hs = waiters.map((w) => ex.spawn(w))
    ex.runUntilStalled()
    expect(p.polls).toBe(4) // each waiter's first poll drives the underlying future...
    p.resolve(9)
    ex.runUntilStalled()
    expect(p.polls).toBe(5) // ...but its completion is taken once and shared
    for (const h of hs) expect(h.outcome).toEqual({ _tag: "Success", value: 9 })
  })
  it("shares a failure", () => {
    const s = shared(
      map(ready(1), () => {
        throw new Boom()
      }),
    )
    const ex = new ManualExecutor()
    const a = ex.spawn(s)
    const b = ex.spawn(s.clone())
    ex.runUntilStalled()
    expect(a.outcome?._tag).toBe("Failure")
    expect(b.outcome).toEqual(a.outcome)
  })
  it("every waiter is woken when the underlying future makes progress", () => {
    const clock = new VirtualClock()
    const s = shared(sleep(10))
    const wa = new CountingWaker()
    const wb = new CountingWaker()
    const b = s.clone()
    s.poll(contextOf(wa, clock))
    b.poll(contextOf(wb, clock))
    expect(clock.pendingTimers).toBe(1)
    clock.advance(10)
    expect(wa.count).toBe(1)
    expect(wb.count).toBe(1)
  })
  it("when one waiter's poll completes the underlying future, the other waiters are woken", () => {
    // a clock whose time moves without firing timers (a host alarm that has not fired yet)
    let t = 0
    const timer = { now: () => t, schedule: () => ({ cancel() {} }) }
    const s = shared(sleep(10))
    const b = s.clone()
    const wa = new CountingWaker()
    const wb = new CountingWaker()
    expect(s.poll(contextOf(wa, timer))).toBe(Pending)
    t = 10
    expect(b.poll(contextOf(wb, timer))).toBeUndefined()
    expect(wa.count).toBe(1) // not lost: a is woken to pick up the shared result
    expect(wb.count).toBe(0)
    expect(s.poll(contextOf(wa, timer))).toBeUndefined()
  })
  it("cancelling one waiter keeps the underlying future for the others", () => {
    const p = new Probe()
    const s = shared(p)
    const b = s.clone()
    const wb = new CountingWaker()
    s.poll(contextOf())
    b.poll(contextOf(wb))
    s.cancel()
    expect(p.cancels).toBe(0)
    p.resolve(1)
    expect(wb.count).toBe(1)
    expect(b.poll(contextOf(wb))).toBe(1)
  })
  it("the last waiter's cancel cancels the underlying future", () => {
    const p = new Probe()
    const s = shared(p)
    const b = s.clone()
    s.poll(contextOf())
    s.cancel()
    b.cancel()
    expect(p.cancels).toBe(1)
    checkNoLeaks(() => {
      const x = shared(sleep(10))
      return join(x, x.clone())
    }, 5)
  })
  it("a clone made after the underlying future was cancelled fails with Interrupted", () => {
    const s = shared(new Probe())
    s.poll(contextOf())
    s.cancel()
    expect(() => s.clone().poll(contextOf())).toThrow(
      /shared\(\): the underlying future was cancelled with its last waiter/,
    )
  })
  it("a clone made after completion gets the value at once", () => {
    const s = shared(ready(3))
    expect(s.poll(contextOf())).toBe(3)
    expect(s.clone().poll(contextOf())).toBe(3)
  })
})
