import { describe, expect, it } from "vitest"
import { fn, ready, yieldNow } from "@pollable/core"
import { toObservable } from "@pollable/adapter-rxjs"
import { concatMap, lastValueFrom, range, reduce } from "rxjs"

describe("toObservable polls the future on subscribe, as defer runs its factory", () => {
  it("a future ready at once emits and completes before subscribe returns, like of()", () => {
    const seen: string[] = []
    toObservable(() => ready(1)).subscribe({
      next: (v) => seen.push(`next ${v}`),
      complete: () => seen.push("complete"),
    })
    expect(seen).toEqual(["next 1", "complete"])
  })

  it("a future that waits starts on subscribe and finishes on the executor", async () => {
    const seen: string[] = []
    const twoSteps = fn(function* twoSteps() {
      seen.push("started")
      yield* yieldNow()
      return 2
    })
    const p = lastValueFrom(toObservable(() => twoSteps()))
    expect(seen).toEqual(["started"])
    expect(await p).toBe(2)
  })

  it("many ready futures through concatMap complete in order without growing the stack", async () => {
    const one = fn(function* one(x: number) {
      const v = yield* ready(x)
      return v + 1
    })
    const n = 20_000
    const total = await lastValueFrom(
      range(0, n).pipe(
        concatMap((x) => toObservable(() => one(x))),
        reduce((a, v) => a + v, 0),
      ),
    )
    expect(total).toBe((n * (n + 1)) / 2)
  })
})
