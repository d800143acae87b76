// Effect: an Effect out with the typed error channel; interruption cancels; TestClock drives time.
import { toEffect } from "@pollable/adapter-effect"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { fetchBoth, slowly } from "./library.js"

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
