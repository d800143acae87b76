import { describe, expect, it } from "vitest"
import { NativeExecutor, scopeToPromise } from "@pollable/adapter-native"
import { Boom, fixture, running } from "../core/scope/scope-helpers.js"

describe("adapter-native: scopeToPromise", () => {
  it("fulfils with the body's value and aborts the scope's own signal when it ends", async () => {
    const { g1, g2 } = fixture()
    let inner: AbortSignal | undefined
    const p = scopeToPromise(
      function* (s, signal) {
        inner = signal
        const a = s.spawn(g1)
        const b = s.spawn(g2)
        return (yield* a) + (yield* b)
      },
      { executor: new NativeExecutor() },
    )
    await running(g1, g2)
    expect(inner?.aborted).toBe(false)
    g1.open(1)
    g2.open(2)
    await expect(p).resolves.toBe(3)
    expect(inner?.aborted).toBe(true)
  })

  it("aborting the caller's signal cancels every child at once and rejects with its reason", async () => {
    const { log, g1, g2, body } = fixture()
    const ac = new AbortController()
    const p = scopeToPromise(body, { signal: ac.signal, executor: new NativeExecutor() })
    await running(g1, g2)
    ac.abort(new Boom("left"))
    await expect(p).rejects.toThrow("boom left")
    expect(log).toEqual(["b:cancel", "a:cancel"])
  })

  it("a failing child rejects the promise and cancels its sibling", async () => {
    const { log, g1, g2, body } = fixture()
    const p = scopeToPromise(body, { executor: new NativeExecutor() })
    await running(g1, g2)
    g1.fail(new Boom("g1"))
    await expect(p).rejects.toThrow("boom g1")
    expect(log).toEqual(["a:err", "b:cancel"])
  })
})
