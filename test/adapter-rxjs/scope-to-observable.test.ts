import { describe, expect, it } from "vitest"
import { scopeToObservable } from "@pollable/adapter-rxjs"
import { fixture, running } from "../core/scope/scope-helpers.js"

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
