// shared(f): which waiters keep the underlying future alive. Only waiters that are awaiting it
// — polled, not yet finished or cancelled — count; a waiter nobody polled yet does not pin it.
import { describe, expect, it } from "vitest"
import { Interrupted, join, shared, sleep } from "@pollable/core"
import { checkNoLeaks, contextOf, CountingWaker, ManualExecutor, manualFuture } from "@pollable/core/testing"

describe("shared(): the underlying future is cancelled when no waiter awaits it any more", () => {
  it("the unused root waiter does not keep it alive: cancelling every polled clone cancels it", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const a = s.clone()
    const b = s.clone()
    a.poll(contextOf())
    b.poll(contextOf())
    a.cancel()
    expect(p.cancels).toBe(0)
    b.cancel()
    expect(p.cancels).toBe(1)
    expect(p.registered).toBe(false)
  })

  it("no timer leaks when the clones of an unused root are cancelled", () => {
    checkNoLeaks(() => {
      const x = shared(sleep(10))
      return join(x.clone(), x.clone())
    }, 5)
  })

  it("a waiter first polled after the last polled waiter was cancelled fails with Interrupted saying why", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const late = s.clone()
    s.poll(contextOf())
    s.cancel()
    expect(p.cancels).toBe(1)
    expect(() => late.poll(contextOf())).toThrow(Interrupted)
    expect(() => s.clone().poll(contextOf())).toThrow(/poll every waiter before cancelling the others/)
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

  it("before any poll, it stays lazy while one waiter is left; cancelling the last one cancels it unpolled", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const b = s.clone()
    s.cancel()
    expect(p.cancels).toBe(0)
    expect(p.polls).toBe(0)
    const c = b.clone()
    b.cancel()
    expect(p.cancels).toBe(0)
    c.cancel()
    expect(p.cancels).toBe(1)
    expect(p.polls).toBe(0)
  })

  it("a waiter spawned next to a polled one gets the value (join polls both in its first poll)", () => {
    const p = manualFuture<number>("p")
    const s = shared(p)
    const ex = new ManualExecutor()
    const h = ex.spawn(join(s.clone(), s.clone()))
    ex.runUntilStalled()
    p.resolve(2)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: [2, 2] })
  })
})
