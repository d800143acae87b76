import { describe, expect, it } from "vitest"
import { Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { fn, Interrupted, pollFn, ready, sleep, yieldNow } from "@pollable/core"
import { EffectExecutor, toEffect } from "@pollable/adapter-effect"
import { MyError, runTest } from "./helpers.js"

describe("toEffect polls the future before making a task", () => {
  it("a future ready at its first poll gives its value, a failure there lands in the typed channel", async () => {
    const add = fn(function* add(x: number) {
      const v = yield* ready(x)
      return v + 1
    })
    expect(await Effect.runPromise(toEffect(() => add(1)))).toBe(2)
    const bad = toEffect(() =>
      pollFn<number, MyError>(() => {
        throw new MyError("no")
      }),
    )
    const exit = await Effect.runPromiseExit(bad)
    expect(Exit.isFailure(exit) && Exit.findErrorOption(exit)).toMatchObject({ value: expect.any(MyError) })
  })

  it("a thrown Interrupted at the first poll interrupts the fiber (rule 6)", async () => {
    const exit = await Effect.runPromiseExit(
      toEffect(() =>
        pollFn(() => {
          throw new Interrupted("stopped")
        }),
      ),
    )
    expect(Exit.hasInterrupts(exit)).toBe(true)
  })

  it("a future that wakes itself at its first poll resumes after the wake, on the fiber's executor", async () => {
    const seen: string[] = []
    const twoSteps = fn(function* twoSteps() {
      seen.push("first")
      yield* yieldNow()
      seen.push("second")
      return 3
    })
    expect(await Effect.runPromise(toEffect(() => twoSteps()))).toBe(3)
    expect(seen).toEqual(["first", "second"])
  })

  it("each fiber's TestClock drives its own futures, also when runs alternate", async () => {
    // two programs on two TestClocks, interleaved: each sleep must follow the clock of the
    // fiber that runs it, not the executor picked for the previous call
    const program = (ms: number) =>
      Effect.gen(function* () {
        const ex = yield* EffectExecutor.current
        const fiber = yield* Effect.forkChild(toEffect(() => sleep(ms)))
        yield* TestClock.adjust(ms - 1)
        const before = fiber.pollUnsafe()
        yield* TestClock.adjust(1)
        const after = yield* Fiber.await(fiber)
        return { ex, before, after: after._tag }
      })
    const [a, b] = await Promise.all([runTest(program(100)), runTest(program(40))])
    expect(a.before).toBeUndefined()
    expect(b.before).toBeUndefined()
    expect(a.after).toBe("Success")
    expect(b.after).toBe("Success")
    expect(a.ex).not.toBe(b.ex)
  })
})
