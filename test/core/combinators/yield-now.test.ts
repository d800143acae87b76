import { describe, expect, it } from "vitest"
import { Pending, PollAfterReady, gen, yieldNow } from "@pollable/core"
import { CountingWaker, ManualExecutor, checkNoLeaks, contextOf } from "@pollable/core/testing"

describe("yieldNow", () => {
  it("yield* of it in a generator driven by hand yields the future once, then returns what the driver sends", () => {
    const f = yieldNow()
    function* byHand(): Generator<unknown, unknown, unknown> {
      return yield* f
    }
    const it = byHand()
    const first = it.next()
    expect(first).toMatchObject({ done: false, value: f })
    expect(it.next("sent")).toEqual({ done: true, value: "sent" })
  })

  it("awaited twice in a gen, the second yield* throws PollAfterReady", () => {
    const once = yieldNow()
    const f = gen(function* () {
      yield* once
      yield* once
    })
    const w = new CountingWaker()
    expect(f.poll(contextOf(w))).toBe(Pending)
    expect(() => f.poll(contextOf(w))).toThrow(PollAfterReady)
  })

  it("is pending once with a self-wake, then ready", () => {
    const w = new CountingWaker()
    const f = yieldNow()
    expect(f.poll(contextOf(w))).toBe(Pending)
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBeUndefined()
  })
  it("lets another task run in between", () => {
    const ex = new ManualExecutor()
    const log: string[] = []
    const t = (name: string) =>
      gen(function* () {
        log.push(`${name}1`)
        yield* yieldNow()
        log.push(`${name}2`)
      })
    ex.spawn(t("a"))
    ex.spawn(t("b"))
    ex.runUntilStalled()
    expect(log).toEqual(["a1", "b1", "a2", "b2"])
  })
  it("cancel after the self-wake is a stray-free no-op for the executor", () => {
    const r = checkNoLeaks(() => yieldNow())
    expect(r.outcome?._tag).toBe("Success")
  })
})
