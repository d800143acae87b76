// Rule 2 holds even with a schedule hook that drains synchronously.
import { describe, expect, it } from "vitest"
import { Pending, pollFn } from "@pollable/core"

describe("rule 2 holds even with a schedule hook that runs the drain synchronously", () => {
  it("wake() never polls on its caller's stack", async () => {
    const { LocalExecutor } = await import("@pollable/core")
    const ex = new LocalExecutor({ schedule: (drain) => drain() })
    let depth = 0
    let polledInsideWake = false
    let waker: { wake(): void } | undefined
    let polls = 0
    const h = ex.spawn(
      pollFn<number>((cx) => {
        polls++
        if (depth > 0) polledInsideWake = true
        waker = cx.waker
        return polls >= 2 ? polls : Pending
      }),
    )
    await new Promise((r) => setTimeout(r, 0))
    expect(polls).toBe(1)
    depth++
    waker!.wake()
    depth--
    expect(polledInsideWake).toBe(false)
    expect(await h).toBe(2)
  })
})
