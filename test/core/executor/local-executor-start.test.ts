import { describe, expect, it } from "vitest"
import { fn, pollFn, Pending, ready, withExecutor, yieldNow } from "@pollable/core"
import { startOn } from "@pollable/core/adapter"
import { manualDrains } from "../../support/manual-drains.js"

describe("LocalExecutor.start: the first poll on the caller's stack", () => {
  it("polls the future once before returning; a future ready at once has its outcome already", () => {
    const { ex, drains } = manualDrains()
    let polls = 0
    const h = ex.start(pollFn(() => (++polls, 7)))
    expect(polls).toBe(1)
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    expect(drains.length).toBe(0)
  })

  it("a future that waits is polled again only by a drain after its wake (rule 2)", () => {
    const { ex, drains, drain } = manualDrains()
    const seen: string[] = []
    const step = fn(function* step() {
      seen.push("start")
      yield* yieldNow() // wakes itself during the first poll
      seen.push("resumed")
      return 1
    })
    const h = ex.start(step())
    expect(seen).toEqual(["start"])
    expect(h.outcome).toBeUndefined()
    expect(drains.length).toBe(1)
    drain()
    expect(seen).toEqual(["start", "resumed"])
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
  })

  it("spawn stays lazy (rule 7): nothing is polled before the next drain", () => {
    const { ex, drain } = manualDrains()
    let polls = 0
    const h = ex.spawn(pollFn(() => (++polls, Pending)))
    expect(polls).toBe(0)
    drain()
    expect(polls).toBe(1)
    h.cancel()
  })

  it("a throw at the first poll becomes the task's failure, not a throw to the caller", () => {
    const { ex } = manualDrains()
    const boom = new Error("boom")
    const h = ex.start(
      pollFn(() => {
        throw boom
      }),
    )
    expect(h.outcome).toEqual({ _tag: "Failure", error: boom })
  })

  it("startOn uses the withExecutor scope's executor, and spawns on executors without start", () => {
    const { ex } = manualDrains()
    const h = withExecutor(ex, () => startOn(ready(2)))
    expect(h.outcome).toEqual({ _tag: "Success", value: 2 })
    const spawned: unknown[] = []
    const plain = { timer: undefined, spawn: (f: unknown) => (spawned.push(f), ex.spawn(f as never)) }
    const f = ready(3)
    const h2 = startOn(f, plain as never)
    expect(spawned).toEqual([f])
    expect(h2.outcome).toBeUndefined()
  })
})
