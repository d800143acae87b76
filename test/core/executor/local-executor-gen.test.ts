import { describe, expect, it } from "vitest"
import { LocalExecutor, gen, ready } from "@pollable/core"
import { VirtualClock } from "@pollable/core/testing"

describe("gen on LocalExecutor end to end", () => {
  it("runs with real microtasks", async () => {
    const ex = new LocalExecutor({ timer: new VirtualClock() })
    const v = await ex.spawn(
      gen(function* () {
        const a = yield* ready(2)
        return a * 21
      }),
    )
    expect(v).toBe(42)
  })
})
