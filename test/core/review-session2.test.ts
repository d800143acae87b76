// Review of the in-place yield*, the 4-field Task and the stream/fan-in changes since 48c9aab.
import { describe, expect, it } from "vitest"
import { Pending, gen, type Future } from "@pollable/core"
import { CountingWaker, ManualExecutor, contextOf, manualFuture } from "@pollable/core/testing"

describe("review session 2: gen in-place yield*", () => {
  it("a gen cancelled by its own body does not poll (and so leak) the future it yield*s next", () => {
    const m = manualFuture<number>("after-cancel")
    let self: Future<number> | undefined
    const g = gen(function* body() {
      self!.cancel()
      return yield* m
    })
    self = g
    expect(g.poll(contextOf(new CountingWaker()))).toBe(Pending)
    // the gen is cancelled: nothing it awaits may stay registered (rule 4)
    expect(m.registered).toBe(false)
    expect(m.polls).toBe(0)
  })

  it("a task cancelled from its own body does not leave the next awaited future registered", () => {
    const ex = new ManualExecutor()
    const m = manualFuture<number>("after-cancel")
    let h: { cancel(): void } | undefined
    h = ex.spawn(
      gen(function* body() {
        h!.cancel()
        return yield* m
      }),
    )
    ex.runUntilStalled()
    expect(m.registered).toBe(false)
  })
})
