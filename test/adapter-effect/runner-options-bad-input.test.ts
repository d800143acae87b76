import { describe, expect, it } from "vitest"
import * as Effect from "effect/Effect"
import { ready } from "@pollable/core"
import { EffectExecutor, toEffect } from "@pollable/adapter-effect"
import { refuses } from "../support/refuses.js"

describe("the Effect runner and executor check their options at call time", () => {
  it("toEffect(make, { executor: {} }) is InvalidArgument", () => {
    refuses(
      () => toEffect(() => ready(1), { executor: {} as never }),
      "toEffect(make, { executor })",
      /expected a pollable Executor \(spawn\(\) and timer\), got an object/,
    )
    refuses(() => toEffect(() => ready(1), 9 as never), "toEffect(make, options)", /options must be an object/)
  })

  it("new EffectExecutor({ timer: {} }) and other malformed options are refused", () => {
    refuses(() => new EffectExecutor({ timer: {} as never }), "new EffectExecutor({ timer })", /expected a Timer/)
    refuses(
      () => new EffectExecutor({ clock: {} as never }),
      "new EffectExecutor({ clock })",
      /expected an Effect Clock/,
    )
    refuses(
      () => new EffectExecutor({ scheduler: 1 as never }),
      "new EffectExecutor({ scheduler })",
      /expected an Effect Scheduler/,
    )
    refuses(() => new EffectExecutor(null as never), "new EffectExecutor(options)", /got null/)
  })

  it("good options still work", async () => {
    await expect(Effect.runPromise(toEffect(() => ready(3), { executor: new EffectExecutor() }))).resolves.toBe(3)
  })
})
