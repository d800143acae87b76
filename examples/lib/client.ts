// The library author's view: written once against @pollable/core only.
import { fn, sleep, timeout, Semaphore, type Future } from "@pollable/core"

export class RateLimitError extends Error {
  readonly _tag = "RateLimitError"
  override readonly name = "RateLimitError"
}

/**
 * A page client: at most 4 requests in flight, each with a 5 s timeout, retried with
 * exponential backoff on RateLimitError. No Promise, Observable or Effect appears.
 */
export function makeClient(fetchPage: (n: number) => Future<string, RateLimitError>) {
  const slots = new Semaphore(4)
  const getPage = fn(function* getPage(n: number) {
    const permit = yield* slots.acquire()
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return yield* timeout(fetchPage(n), 5_000)
        } catch (e) {
          if (!(e instanceof RateLimitError) || attempt === 3) throw e
        }
        yield* sleep(100 * 2 ** attempt) // backoff on the executor's clock
      }
    } finally {
      permit.release() // runs on success, failure and cancel
    }
  })
  return { getPage, inFlight: () => 4 - slots.available }
}
