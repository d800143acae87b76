// The library author's view: written once against @pollable/core only.
import { fn, retry, Schedule, timeout, Semaphore, type Pollable } from "@pollable/core"

export class RateLimitError extends Error {
  readonly _tag = "RateLimitError"
  override readonly name = "RateLimitError"
}

/** 100, 200, 400 ms between at most 4 attempts; only a rate limit is worth retrying. */
const backoff = Schedule.exponential(100)
  .maxAttempts(4)
  .whileInput((e: unknown) => e instanceof RateLimitError)

/**
 * A page client: at most 4 requests in flight, each with a 5 s timeout, retried with
 * exponential backoff on RateLimitError (4 tries in all). No Promise, Observable or Effect
 * appears. `getPage(n)` is a `Pollable<string, RateLimitError | TimeoutError>`: the in-flight
 * limit is a `Semaphore<never>`, one this client never closes, so acquiring cannot fail.
 */
export function makeClient(fetchPage: (n: number) => Pollable<string, RateLimitError>) {
  const slots = new Semaphore<never>(4) // never closed: acquiring a slot cannot fail
  const getPage = fn(function* getPage(n: number) {
    const permit = yield* slots.acquire()
    try {
      return yield* retry(() => timeout(fetchPage(n), 5_000), backoff) // delays on the executor's clock
    } finally {
      permit.release() // runs on success, failure and cancel
    }
  })
  return { getPage, inFlight: () => 4 - slots.available }
}
