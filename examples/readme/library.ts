// A library written once against @pollable/core: no Promise, Observable or Effect in sight.
import { fn, sleep, timeout, join, type Future } from "@pollable/core"

export class Unavailable extends Error {
  override readonly name = "Unavailable"
}

/**
 * Fetch two things at once, give up after 5 s, then wait politely on the executor's clock.
 * `fn` defines the function once: each call returns a new lazy future.
 */
export const fetchBoth = fn(function* fetchBoth(a: Future<string, Unavailable>, b: Future<string, Unavailable>) {
  const [x, y] = yield* timeout(join(a, b), 5_000) // both, or TimeoutError (and both cancelled)
  yield* sleep(100) // real time, RxJS scheduler time or Effect Clock time: the executor decides
  return `${x}+${y}`
})

/** A stand-in data source for the examples: answers after `ms`. */
export const slowly = fn(function* slowly(value: string, ms: number) {
  yield* sleep(ms)
  return value
})
