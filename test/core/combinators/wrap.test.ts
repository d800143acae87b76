import { describe, expect, it } from "vitest"
import { FutureBase, PollAfterReady, gen, ready, wrap } from "@pollable/core"
import { ManualExecutor, contextOf } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

const cx = contextOf()

describe("wrap", () => {
  it("makes a hand-written future yield*-able with rule 3 enforced", () => {
    const p = new Probe()
    const w = wrap(p)
    expect(w).toBeInstanceOf(FutureBase)
    const ex = new ManualExecutor()
    const h = ex.spawn(
      gen(function* () {
        return (yield* w) + 1
      }),
    )
    ex.runUntilStalled()
    p.resolve(41)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 42 })
    expect(() => w.poll(cx)).toThrow(PollAfterReady)
  })
  it("passes core futures through and forwards cancel", () => {
    const r = ready(1)
    expect(wrap(r)).toBe(r)
    const p = new Probe()
    const w = wrap(p)
    w.poll(cx)
    w.cancel()
    expect(p.cancels).toBe(1)
  })
})
