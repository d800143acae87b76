// The README's example, run as written (keep the two in sync).
import { expect, it } from "vitest"
import { Cause, Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { Schedule, TimeoutError, pending, retry, timeout, type Future } from "@pollable/core"
import { toEffect } from "@pollable/adapter-effect"

class Unavailable extends Error {
  readonly _tag = "Unavailable"
}

// A library written once on pollable futures (no Effect inside)…
const fetchWithRetry = (get: () => Future<string, Unavailable>) =>
  retry(() => timeout(get(), 1_000), Schedule.exponential(100).maxAttempts(3)) // backoff on the executor's clock

// …called from an Effect program: typed errors, interruptible, on Effect's Clock.
const program = Effect.gen(function* () {
  const fiber = yield* Effect.forkChild(toEffect(() => fetchWithRetry(() => pending())))
  yield* TestClock.adjust("3299 millis") // 3 timeouts of 1 s + 100 ms + 200 ms of backoff…
  const early = fiber.pollUnsafe() // …not yet
  yield* TestClock.adjust("1 millis")
  return { early, exit: yield* Fiber.await(fiber) }
})

it("README: an Effect program drives a pollable library with TestClock", async () => {
  const { early, exit } = await Effect.runPromise(Effect.provide(program, TestClock.layer()))
  expect(early).toBe(undefined)
  expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBeInstanceOf(TimeoutError)
})
