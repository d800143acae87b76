// Tagged errors after toEffect: Effect.catchTag catches pollable's TimeoutError and a user's
// tagged class by _tag, at run time (the types are pinned in test/types/error-types.test-d.ts).
import { expect, it } from "vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { fail, gen, pending, sleep, timeout, type Pollable } from "@pollable/core"
import { toEffect } from "@pollable/adapter-effect"

class NotFound extends Error {
  readonly _tag = "NotFound"
}
const lookup = (id: string): Pollable<string, NotFound> =>
  gen(function* () {
    yield* sleep(10)
    if (id === "") return yield* fail(new NotFound("empty id"))
    return `user ${id}`
  })

const runWithTestClock = <A>(eff: Effect.Effect<A>, ms: number): Promise<A> =>
  Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(eff)
        yield* TestClock.adjust(`${ms} millis`)
        return yield* Fiber.join(fiber)
      }),
      TestClock.layer(),
    ),
  )

it("Effect.catchTag catches pollable's TimeoutError after toEffect", async () => {
  const caught = toEffect(() => timeout(pending<string>(), 50)).pipe(
    Effect.catchTag("TimeoutError", (e) => Effect.succeed(`no answer within ${e.ms} ms`)),
  )
  expect(await runWithTestClock(caught, 50)).toBe("no answer within 50 ms")
})

it("Effect.catchTag catches a user's tagged error raised with yield* fail(…), and only that", async () => {
  const handle = (id: string) =>
    toEffect(() => timeout(lookup(id), 1_000)).pipe(
      Effect.catchTag("NotFound", (e) => Effect.succeed(`guest (${e.message})`)),
      Effect.catchTag("TimeoutError", () => Effect.succeed("late")),
    )
  expect(await runWithTestClock(handle(""), 10)).toBe("guest (empty id)")
  expect(await runWithTestClock(handle("42"), 10)).toBe("user 42")
})

it(
  "a defect from an Effect (EffectDefect) " + "passes through catchError and result: it is not a failure of E",
  async () => {
    const { Cause, Exit } = await import("effect")
    const { catchError, result, ready } = await import("@pollable/core")
    const { fromEffect } = await import("@pollable/adapter-effect")
    let handled = 0
    const died = () => fromEffect(Effect.die("bug"))
    const viaCatch = await Effect.runPromiseExit(toEffect(() => catchError(died(), () => (handled++, ready("no")))))
    const viaResult = await Effect.runPromiseExit(toEffect(() => result(died())))
    expect(Exit.isFailure(viaCatch) && Cause.hasDies(viaCatch.cause)).toBe(true)
    expect(Exit.isFailure(viaResult) && Cause.hasDies(viaResult.cause)).toBe(true)
    expect(handled).toBe(0)
  },
)

it(
  "pollable's TimeoutError and Effect's Cause.TimeoutError share the tag: " +
    "one Effect.catchTag handles either, instanceof tells them apart",
  async () => {
    const { TimeoutError } = await import("@pollable/core")
    const which = (limitInside: number, limitOutside: number) =>
      toEffect(() => timeout(pending<string>(), limitInside)).pipe(
        Effect.timeout(`${limitOutside} millis`),
        Effect.catchTag("TimeoutError", (e) => Effect.succeed(e instanceof TimeoutError ? "pollable" : "effect")),
      )
    expect(await runWithTestClock(which(10, 1_000), 1_000)).toBe("pollable")
    expect(await runWithTestClock(which(1_000, 10), 1_000)).toBe("effect")
  },
)
