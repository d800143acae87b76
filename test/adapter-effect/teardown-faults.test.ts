import { describe, expect, it } from "vitest"
import { Cause, Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { sleep } from "@pollable/core"
import { EffectExecutor, toEffect } from "@pollable/adapter-effect"
import { faultLog, faultsPerTest, throwingFinally } from "../support/faults.js"
import { refuses } from "../support/refuses.js"

const cap = faultsPerTest({ host: true })
const host = cap

describe("toEffect: fiber interruption when the future's teardown throws", () => {
  it("the fiber ends interrupted (no defect); the executor's onFault gets the error", async () => {
    const log = faultLog()
    const executor = new EffectExecutor({ onFault: log.onFault })
    const exit = await Effect.runPromise(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(toEffect(throwingFinally, { executor }))
        yield* Effect.yieldNow
        yield* Effect.sleep(1)
        return yield* Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber)))
      }),
    )
    expect(Exit.isFailure(exit)).toBe(true)
    const cause = (exit as Exit.Failure<never, never>).cause
    expect(Cause.hasInterrupts(cause)).toBe(true)
    expect(Cause.hasDies(cause)).toBe(false)
    expect(log.faults.map((f) => (f.error as Error).message)).toEqual(["finally failed"])
    expect(host.uncaught).toEqual([])
  })
})

describe("EffectExecutor options cannot break rule 5", () => {
  it("refuses a budget no host could wait for, and a non-function onFault", () => {
    refuses(() => new EffectExecutor({ budget: 1e300 }), "effect executor({ budget })", /65536/)
    refuses(() => new EffectExecutor({ onFault: 1 as never }), "effect executor({ onFault })")
  })
})

describe("EffectExecutor host alarms for far deadlines", () => {
  it("sleep(40 days) ends on time under TestClock", async () => {
    const days40 = 40 * 24 * 3600 * 1000
    const outcome = await Effect.runPromise(
      Effect.gen(function* () {
        const ex = yield* EffectExecutor.make()
        const h = ex.spawn(sleep(days40))
        yield* TestClock.adjust(days40 - 1)
        const before = h.outcome
        yield* TestClock.adjust(1)
        return [before, h.outcome] as const
      }).pipe(Effect.provide(TestClock.layer())),
    )
    expect(outcome[0]).toBeUndefined()
    expect(outcome[1]).toEqual({ _tag: "Success", value: undefined })
  })
})
