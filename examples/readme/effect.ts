// Effect: an Effect out with the typed error channel; interruption cancels; TestClock drives time.
import { toEffect } from "@pollable/adapter-effect"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { fetchBoth, firstLine, slowly } from "./library.js"

export const main = (): Promise<string> => {
  // Effect<string, Unavailable | TimeoutError>
  const both = toEffect(() => fetchBoth(slowly("a", 10), slowly("b", 20)))

  const program = Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(both)
    yield* TestClock.adjust("120 millis") // virtual time: no real waiting
    return yield* Fiber.join(fiber)
  })
  return Effect.runPromise(Effect.provide(program, TestClock.layer()))
}

// The library's tagged errors meet Effect's catchTag: the channel holds exactly what can fail.
export const recover = (): Promise<string> => {
  const tooSlow = () => slowly("late", 60_000) // every 1 s try times out
  // Effect<string, Unavailable | RetriesExhausted | NotFound>  →  Effect<string, Unavailable | NotFound>
  const line = toEffect(() => firstLine(tooSlow)).pipe(
    Effect.catchTag("RetriesExhausted", (e) => Effect.succeed(`gave up after ${e.attempts} tries`)),
  )
  const program = Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(line)
    yield* TestClock.adjust("4 seconds") // 3 tries of 1 s and two 100 ms pauses, in virtual time
    return yield* Fiber.join(fiber)
  })
  return Effect.runPromise(Effect.provide(program, TestClock.layer()))
}
