import { describe, expect, it, vi } from "vitest"
import type { Scope } from "@pollable/core"
import { NativeExecutor, scopeToPromise } from "@pollable/adapter-native"
import { Boom, Gate, Tracked } from "../core/scope/scope-helpers.js"

/**
 * Waits until every gate was polled at least once, i.e. the scope and its children really run.
 * (A fixed number of host turns is not enough: under load Effect's scheduler may start a forked
 * fiber after a `setTimeout(0)` of the test, and a scope interrupted before it ran has no children.)
 */
const running = (...gates: Gate<number>[]) =>
  vi.waitFor(
    () => {
      const idle = gates.filter((g) => g.polls === 0).map((g) => g.name)
      if (idle.length > 0) throw new Error(`not polled yet: ${idle.join(", ")}`)
    },
    { timeout: 10_000, interval: 1 },
  )

/** A scope with two children waiting on gates; returns their sum. */
const fixture = () => {
  const log: string[] = []
  const g1 = new Gate<number>("g1")
  const g2 = new Gate<number>("g2")
  const body = function* pair(s: Scope<Error>) {
    const a = s.spawn(new Tracked("a", g1, log))
    const b = s.spawn(new Tracked("b", g2, log))
    return (yield* a) + (yield* b)
  }
  return { log, g1, g2, body }
}

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
