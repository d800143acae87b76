import { describe, expect, it } from "vitest"
import { Interrupted, Pending, abortable, map, sleep } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

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
