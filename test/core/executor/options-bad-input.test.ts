import { describe, expect, it } from "vitest"
import { LocalExecutor, sleep } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"

describe("executor options are checked at construction", () => {
  it("a timer without now() and schedule() is refused (it used to fail at the first sleep)", () => {
    refuses(
      () => new LocalExecutor({ timer: {} as never }),
      "new LocalExecutor({ timer })",
      /expected a Timer \(now\(\), schedule\(\)\), got an object; pass a TimerQueue, a VirtualClock/,
    )
    refuses(() => new ManualExecutor({ timer: 5 as never }), "new ManualExecutor({ timer })", /got a number \(5\)/)
  })

  it("options that are not an object, hooks that are not functions, a name that is not a string", () => {
    refuses(
      () => new LocalExecutor(42 as never),
      "new LocalExecutor(options)",
      /options must be an object, got a number \(42\)/,
    )
    refuses(() => new ManualExecutor(null as never), "new ManualExecutor(options)", /got null/)
    refuses(
      () => new LocalExecutor({ schedule: "soon" as never }),
      "LocalExecutor({ schedule })",
      /expected a function \(drain\) => void, got string/,
    )
    refuses(() => new LocalExecutor({ yieldToHost: {} as never }), "LocalExecutor({ yieldToHost })", /got object/)
    refuses(() => new LocalExecutor({ name: 7 as never }), "LocalExecutor({ name })", /expected a string, got number/)
  })

  it("spawn of a non-future names the executor", () => {
    refuses(() => new LocalExecutor({ name: "w" }).spawn(undefined as never), "w.spawn(future)", /got undefined/)
  })

  it("good options still work", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(ex.blockOn(sleep(5))).toBeUndefined()
    expect(clock.now()).toBe(5)
  })
})
