import { describe, expect, it, vi } from "vitest"
import type { Scope } from "@pollable/core"
import { scopeToObservable } from "@pollable/adapter-rxjs"
import { Gate, Tracked } from "../core/scope/scope-helpers.js"

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

describe("adapter-rxjs: scopeToObservable", () => {
  it("emits the value and completes when the scope ends", async () => {
    const { g1, g2, body } = fixture()
    const seen: unknown[] = []
    const done = new Promise<void>((resolve, reject) =>
      scopeToObservable(body).subscribe({ next: (v) => seen.push(v), error: reject, complete: resolve }),
    )
    await running(g1, g2)
    g1.open(1)
    g2.open(2)
    await done
    expect(seen).toEqual([3])
  })

  it("unsubscribing cancels the whole tree", async () => {
    const { log, g1, g2, body } = fixture()
    const sub = scopeToObservable(body).subscribe()
    await running(g1, g2)
    sub.unsubscribe()
    expect(log).toEqual(["b:cancel", "a:cancel"])
  })
})
