// shared(f): which waiters keep the underlying future alive. Every live waiter, polled or
// not (as every handle of Rust's Shared until dropped): counting only polled ones would make a
// spawned waiter's fate depend on the schedule. `cancel()` drops a waiter you will not poll.
import { describe, expect, it } from "vitest"
import { Interrupted, join, shared, sleep } from "@pollable/core"
import { contextOf, CountingWaker, ManualExecutor, manualFuture, VirtualClock } from "@pollable/core/testing"

describe("shared(): every live waiter keeps the underlying future alive, polled or not", () => {
  it("a spawned waiter survives a sibling cancelled before the waiter's first poll (schedule-independent)", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const ex = new ManualExecutor()
    const a = ex.spawn(s)
    const b = ex.spawn(s.clone())
    expect(ex.step()).toBe(true) // only a's task is polled: it starts p
    expect(p.polls).toBe(1)
    a.cancel()
    expect(p.cancels).toBe(0) // b has not polled yet, but it is live
    ex.runUntilStalled()
    p.resolve(7)
    ex.runUntilStalled()
    expect(b.outcome).toEqual({ _tag: "Success", value: 7 })
  })

  it("an unused waiter keeps it alive until it is cancelled: cancel() is how a waiter is dropped", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const a = s.clone()
    const b = s.clone()
    a.poll(contextOf())
    b.poll(contextOf())
    a.cancel()
    b.cancel()
    expect(p.cancels).toBe(0) // s, never handed out, still counts
    s.cancel()
    expect(p.cancels).toBe(1)
    expect(p.registered).toBe(false)
  })

  it("no timer leaks once every waiter, the unused root too, is cancelled", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const x = shared(sleep(10))
    const h = ex.spawn(join(x.clone(), x.clone()))
    ex.runUntilStalled()
    h.cancel()
    expect(clock.pendingTimers).toBe(1)
    x.cancel()
    expect(clock.pendingTimers).toBe(0)
  })

  it("a clone made after every waiter was cancelled fails with Interrupted saying what to do", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    s.poll(contextOf())
    s.cancel()
    expect(p.cancels).toBe(1)
    expect(() => s.clone().poll(contextOf())).toThrow(Interrupted)
    expect(() => s.clone().poll(contextOf())).toThrow(/clone a waiter that is still live/)
  })

  it("cancelling a never-polled waiter while others await does not cancel it", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const idle = s.clone()
    const w = new CountingWaker()
    s.poll(contextOf(w))
    idle.cancel()
    expect(p.cancels).toBe(0)
    p.resolve(4)
    expect(w.count).toBe(1)
    expect(s.poll(contextOf(w))).toBe(4)
  })

  it("cancelling every waiter before any poll cancels it unpolled (it never ran: rule 7)", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const b = s.clone()
    s.cancel()
    expect(p.cancels).toBe(0)
    b.cancel()
    expect(p.cancels).toBe(1)
    expect(p.polls).toBe(0)
  })

  it("join of two clones gets the value for both", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const ex = new ManualExecutor()
    const h = ex.spawn(join(s, s.clone()))
    ex.runUntilStalled()
    p.resolve(2)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: [2, 2] })
  })
})
