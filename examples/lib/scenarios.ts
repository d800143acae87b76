// The demo's scenarios: the runtime-agnostic library exercised the way its users would.
// Every scenario is a thunk producing a fresh Future, so each executor gets its own run.
import { fail, fn, gen, join, map, select, sleep, timeout, type Future } from "@pollable/core"
import { asyncSleep } from "./async-sleep.js"
import { makeClient, RateLimitError } from "./client.js"

export interface Scenario {
  readonly name: string
  readonly make: () => Future<unknown, unknown>
  /** Cancel the task after this many ms (to show the interrupted outcome). */
  readonly cancelAfterMs?: number
}

/** A fake page source: `latency` ms per page; the first `rateLimited` calls fail with RateLimitError. */
export function fakePages(latency: number, rateLimited = 0) {
  let failures = rateLimited
  return fn(function* fakePage(n: number) {
    yield* sleep(latency)
    if (failures-- > 0) return yield* fail(new RateLimitError(`page ${n}: slow down`))
    return `page ${n}`
  })
}

export const scenarios: readonly Scenario[] = [
  {
    // as in Rust, futures::join(foo() /* sleeps 3 */, bar() /* sleeps 1 */) takes max(3, 1)
    name: "join(foo 30ms, bar 10ms)",
    make: () =>
      map(
        join(
          map(asyncSleep(30), () => "foo"),
          map(asyncSleep(10), () => "bar"),
        ),
        (v) => v.join("+"),
      ),
  },
  {
    name: "select(sleep 20 → a, sleep 40 → b)",
    make: () =>
      map(
        select(
          map(sleep(20), () => "a"),
          map(sleep(40), () => "b"),
        ),
        (s) => `${s.value} won`,
      ),
  },
  { name: "timeout(sleep 100, 25)", make: () => timeout(sleep(100), 25) },
  {
    name: "client: 6 pages, 4 at once, 2 retried",
    make: () => {
      const client = makeClient(fakePages(10, 2))
      return map(join(...[1, 2, 3, 4, 5, 6].map((n) => client.getPage(n))), (pages) => `${pages.length} pages`)
    },
  },
  {
    name: "gen pipeline cancelled at 15ms",
    make: () =>
      gen(function* () {
        for (let i = 0; i < 10; i++) yield* sleep(10)
        return "never"
      }),
    cancelAfterMs: 15,
  },
]
