// The library author's view: written once against @pollable/core only.
import { andThen, catchTag, fail, fn, sleep, timeout, Semaphore, type Pollable, type TimeoutError } from "@pollable/core"

export class RateLimitError extends Error {
  readonly _tag = "RateLimitError"
  override readonly name = "RateLimitError"
}

/**
 * A page client: at most 4 requests in flight, each with a 5 s timeout, retried with
 * exponential backoff on RateLimitError (4 tries in all). No Promise, Observable or Effect
 * appears. `getPage(n)` is a `Pollable<string, RateLimitError | TimeoutError>`: the in-flight
 * limit is a `Semaphore<never>`, one this client never closes, so acquiring cannot fail.
 */
export function makeClient(fetchPage: (n: number) => Pollable<string, RateLimitError>) {
  const slots = new Semaphore<never>(4) // never closed: acquiring a slot cannot fail
  /** One try, and on RateLimitError a pause (100, 200, 400 ms on the executor's clock) and the next. */
  const attempt = (n: number, tried: number): Pollable<string, RateLimitError | TimeoutError> =>
    catchTag(timeout(fetchPage(n), 5_000), "RateLimitError", (e) =>
      tried === 3 ? fail(e) : andThen(sleep(100 * 2 ** tried), () => attempt(n, tried + 1)),
    )
  const getPage = fn(function* getPage(n: number) {
    const permit = yield* slots.acquire()
    try {
      return yield* attempt(n, 0)
    } finally {
      permit.release() // runs on success, failure and cancel
    }
  })
  return { getPage, inFlight: () => 4 - slots.available }
}
