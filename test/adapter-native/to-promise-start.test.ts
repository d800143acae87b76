import { describe, expect, it } from "vitest"
import { fn, LocalExecutor, ready, yieldNow } from "@pollable/core"
import { toPromise } from "@pollable/adapter-native"

describe("toPromise runs the future to its first wait at once, like an async function", () => {
  it("the body runs before toPromise returns; the rest runs on the executor after the wake", async () => {
    const ex = new LocalExecutor()
    const seen: string[] = []
    const twoSteps = fn(function* twoSteps(x: number) {
      seen.push("first")
      yield* yieldNow()
      seen.push("second")
      return x + 1
    })
    const p = toPromise(twoSteps(1), { executor: ex })
    expect(seen).toEqual(["first"])
    expect(await p).toBe(2)
    expect(seen).toEqual(["first", "second"])
  })

  it("a future that finishes at once fulfils; one that fails at once rejects (never throws)", async () => {
    const ex = new LocalExecutor()
    expect(await toPromise(ready(5), { executor: ex })).toBe(5)
    const bad = fn(function* bad() {
      yield* ready(0)
      throw new Error("nope")
    })
    const p = toPromise(bad(), { executor: ex })
    await expect(p).rejects.toThrow("nope")
  })

  it("an abort after the first poll still cancels the waiting future (rule 4)", async () => {
    const ex = new LocalExecutor()
    const log: string[] = []
    const waits = fn(function* waits() {
      try {
        for (;;) yield* yieldNow()
      } finally {
        log.push("cleanup")
      }
    })
    const ac = new AbortController()
    const p = toPromise(waits(), { executor: ex, signal: ac.signal })
    ac.abort(new Error("stop"))
    await expect(p).rejects.toThrow("stop")
    expect(log).toEqual(["cleanup"])
  })
})
