import { describe, expect, it } from "vitest"
import { Effect, Exit, Fiber } from "effect"
import { map, yieldNow } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { EffectExecutor, asEffectScheduler } from "@pollable/adapter-effect"

describe("asEffectScheduler: Effect fibers on a pollable executor", () => {
  it("fiber yields run only when the pollable executor runs", () => {
    const ex = new ManualExecutor()
    const log: string[] = []
    const fiber = Effect.runFork(
      Effect.gen(function* () {
        log.push("a")
        yield* Effect.yieldNow
        log.push("b")
        yield* Effect.yieldNow
        log.push("c")
        return 1
      }),
      { scheduler: asEffectScheduler(ex) },
    )
    expect(log).toEqual(["a"]) // runFork runs until the first yield
    ex.runUntilStalled()
    expect(log).toEqual(["a", "b", "c"])
    expect(fiber.pollUnsafe()).toEqual(Exit.succeed(1))
  })

  it("fibers and pollable tasks interleave in one queue", () => {
    const ex = new ManualExecutor()
    const log: string[] = []
    ex.spawn(map(yieldNow(), () => void log.push("future")))
    Effect.runFork(
      Effect.gen(function* () {
        yield* Effect.yieldNow
        log.push("fiber")
      }),
      { scheduler: asEffectScheduler(ex) },
    )
    ex.runUntilStalled()
    expect(log.sort()).toEqual(["fiber", "future"])
  })

  it("forked children start on the executor", async () => {
    const ex = new EffectExecutor()
    const r = await Effect.runPromise(
      Effect.gen(function* () {
        const a = yield* Effect.forkChild(Effect.succeed(1))
        const b = yield* Effect.forkChild(Effect.yieldNow.pipe(Effect.as(2)))
        return (yield* Fiber.join(a)) + (yield* Fiber.join(b))
      }),
      { scheduler: asEffectScheduler(ex) },
    )
    expect(r).toBe(3)
  })

  it("a busy fiber yields after maxOpsBeforeYield, one executor step per slice", () => {
    const ex = new ManualExecutor()
    let n = 0
    const fiber = Effect.runFork(Effect.forever(Effect.sync(() => void n++)), {
      scheduler: asEffectScheduler(ex, { maxOpsBeforeYield: 10 }),
    })
    const first = n
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThan(10)
    expect(ex.step()).toBe(true)
    const second = n
    expect(second).toBeGreaterThan(first)
    expect(second - first).toBeLessThan(10)
    fiber.interruptUnsafe()
    ex.runUntilStalled()
    expect(Exit.hasInterrupts(fiber.pollUnsafe()!)).toBe(true)
  })
})
