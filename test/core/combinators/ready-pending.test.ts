import { describe, expect, it } from "vitest"
import { Pending, PollAfterReady, pending, ready } from "@pollable/core"
import { CountingWaker, checkNoLeaks, contextOf } from "@pollable/core/testing"

const cx = contextOf()

describe("ready", () => {
  it("completes at the first poll, defaulting to undefined", () => {
    expect(ready(5).poll(cx)).toBe(5)
    expect(ready().poll(cx)).toBeUndefined()
  })
  it("cancel is a no-op that ends it", () => {
    const f = ready(1)
    f.cancel()
    expect(() => f.poll(cx)).toThrow(PollAfterReady)
    expect(checkNoLeaks(() => ready(1)).outcome).toEqual({ _tag: "Success", value: 1 })
  })
})

describe("pending", () => {
  it("never completes and registers nothing", () => {
    const w = new CountingWaker()
    const f = pending<number>()
    for (let i = 0; i < 3; i++) expect(f.poll(contextOf(w))).toBe(Pending)
    expect(w.count).toBe(0)
    f.cancel()
    expect(checkNoLeaks(() => pending(), 100)).toEqual({
      timers: 0,
      strayWakes: 0,
      outcome: { _tag: "Interrupted" },
      leaks: [],
    })
  })
})
