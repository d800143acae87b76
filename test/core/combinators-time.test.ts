import { describe, expect, it } from "vitest"
import {
  Interrupted,
  MissingCapability,
  Pending,
  TimeoutError,
  abortable,
  map,
  ready,
  shared,
  sleep,
  timeout,
  gen,
  join,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "./probe.js"

describe("sleep", () => {
  it("completes at first poll + ms on the executor's clock", () => {
    const clock = new VirtualClock(1000)
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(sleep(25))
    ex.runUntilStalled()
    clock.advance(24)
    expect(h.outcome).toBeUndefined()
    clock.advance(1)
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.now()).toBe(1025)
  })
  it("sleep(0) completes at the first poll without a timer entry", () => {
    const clock = new VirtualClock()
    expect(sleep(0).poll(contextOf(undefined, clock))).toBeUndefined()
    expect(clock.pendingTimers).toBe(0)
  })
  it("sequential sleeps add up", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(
      gen(function* () {
        yield* sleep(10)
        yield* sleep(10)
      }),
    )
    clock.advance(20)
    expect(h.outcome?._tag).toBe("Success")
  })
  it("cancel removes the timer entry", () => {
    const clock = new VirtualClock()
    const f = sleep(10)
    f.poll(contextOf(undefined, clock))
    expect(clock.pendingTimers).toBe(1)
    f.cancel()
    expect(clock.pendingTimers).toBe(0)
    checkNoLeaks(() => sleep(10), 3)
  })
})

describe("timeout", () => {
  it("passes the value through when in time and removes its timer", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(
      ex.blockOn(
        timeout(
          map(sleep(5), () => "ok"),
          10,
        ),
      ),
    ).toBe("ok")
    expect(clock.now()).toBe(5)
    expect(clock.pendingTimers).toBe(0)
  })
  it("fails with TimeoutError at the deadline and cancels the inner future", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const p = new Probe("slow-op")
    const h = ex.spawn(timeout(p, 10))
    ex.runUntilStalled()
    clock.advance(10)
    const o = h.outcome
    expect(o?._tag).toBe("Failure")
    const err = (o as { error: unknown }).error
    expect(err).toBeInstanceOf(TimeoutError)
    expect((err as TimeoutError).message).toBe(
      "slow-op did not finish within 10 ms and was cancelled; raise the limit or handle TimeoutError",
    )
    expect(p.cancels).toBe(1)
    expect(p.polls).toBe(2) // one last poll at the deadline
    expect(clock.pendingTimers).toBe(0)
  })
  it("the inner future's last-moment value wins over the deadline", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(
      ex.blockOn(
        timeout(
          map(sleep(10), () => "just in time"),
          10,
        ),
      ),
    ).toBe("just in time")
  })
  it("passes the inner failure through and removes its timer", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(() =>
      ex.blockOn(
        timeout(
          map(sleep(1), () => {
            throw new Boom()
          }),
          10,
        ),
      ),
    ).toThrow(Boom)
    expect(clock.pendingTimers).toBe(0)
  })
  it("cancel cancels the inner future and removes the timer", () => {
    const p = new Probe()
    const clock = new VirtualClock()
    const f = timeout(p, 10)
    f.poll(contextOf(undefined, clock))
    f.cancel()
    expect(p.cancels).toBe(1)
    expect(clock.pendingTimers).toBe(0)
    checkNoLeaks(() => timeout(sleep(100), 50), 20)
  })
  it("without a timer: MissingCapability, and the inner future is cancelled", () => {
    const p = new Probe()
    expect(() => timeout(p, 10).poll(contextOf())).toThrow(MissingCapability)
    expect(p.cancels).toBe(1)
  })
})

describe("abortable", () => {
  it("passes the value through when not aborted, and removes its listener", () => {
    const ac = new AbortController()
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    expect(
      ex.blockOn(
        abortable(
          map(sleep(1), () => 1),
          ac.signal,
        ),
      ),
    ).toBe(1)
    const w = new CountingWaker()
    ac.abort() // no listener left: nothing to wake
    expect(w.count).toBe(0)
  })
  it("aborting cancels the inner future and fails with Interrupted carrying the reason", () => {
    const ac = new AbortController()
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const p = new Probe()
    const h = ex.spawn(abortable(p, ac.signal))
    ex.runUntilStalled()
    ac.abort(new Boom("user left"))
    ex.runUntilStalled()
    // rule 6: the task ends interrupted, and its handle rethrows the Interrupted itself
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    let err!: Error
    try {
      h.poll(contextOf())
    } catch (e) {
      err = e as Error
    }
    expect(err).toBeInstanceOf(Interrupted)
    expect(err.message).toContain("(Error: user left)")
    expect((err as Interrupted).reason).toBeInstanceOf(Boom)
    expect(p.cancels).toBe(1)
  })
  it("an already-aborted signal never polls the inner future", () => {
    const p = new Probe()
    expect(() => abortable(p, AbortSignal.abort()).poll(contextOf())).toThrow(Interrupted)
    expect(p.polls).toBe(0)
    expect(p.cancels).toBe(1)
  })
  it("cancel removes the listener and cancels the inner future", () => {
    const ac = new AbortController()
    const p = new Probe()
    const w = new CountingWaker()
    const f = abortable(p, ac.signal)
    expect(f.poll(contextOf(w))).toBe(Pending)
    f.cancel()
    ac.abort()
    expect(w.count).toBe(0)
    expect(p.cancels).toBe(1)
  })
})

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
