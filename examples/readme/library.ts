// A library written once against @pollable/core: no Promise, Observable or Effect in sight.
import { andThen, catchTag, fail, fn, gen, join, ready, sleep, timeout } from "@pollable/core"
import type { Pollable, WithoutTag } from "@pollable/core"

// Give each error a `_tag`: catchTag (pollable's and Effect's) picks it out of a union.
export class Unavailable extends Error {
  readonly _tag = "Unavailable"
}
export class NotFound extends Error {
  readonly _tag = "NotFound"
}
export class RetriesExhausted extends Error {
  readonly _tag = "RetriesExhausted"
  constructor(readonly attempts: number) {
    super(`no answer after ${attempts} attempts; try again later`)
  }
}

/**
 * Fetch two things at once, give up after 5 s, then wait politely on the executor's clock.
 * `fn` defines the function once: each call returns a new lazy future, here
 * `Pollable<string, Unavailable | TimeoutError>` (inferred).
 */
export const fetchBoth = fn(function* fetchBoth(a: Pollable<string, Unavailable>, b: Pollable<string, Unavailable>) {
  const [x, y] = yield* timeout(join(a, b), 5_000) // both, or TimeoutError (and both cancelled)
  yield* sleep(100) // real time, RxJS scheduler time or Effect Clock time: the executor decides
  return `${x}+${y}`
})

/** Give `attempt()` `ms` per try; after a TimeoutError wait 100 ms and try again, `times` tries in all. */
export function retryOnTimeout<T, E>(
  attempt: () => Pollable<T, E>,
  ms: number,
  times: number,
): Pollable<T, WithoutTag<E, "TimeoutError"> | RetriesExhausted> {
  const tryFrom = (n: number): Pollable<T, WithoutTag<E, "TimeoutError"> | RetriesExhausted> =>
    catchTag(timeout(attempt(), ms), "TimeoutError", () =>
      n === times ? fail(new RetriesExhausted(n)) : andThen(sleep(100), () => tryFrom(n + 1)),
    )
  return tryFrom(1)
}

/** The first line of a document. Failing with `yield* fail(…)` puts NotFound in the type. */
export function firstLine(
  load: () => Pollable<string, Unavailable>,
): Pollable<string, Unavailable | RetriesExhausted | NotFound> {
  return gen(function* () {
    const text = yield* retryOnTimeout(load, 1_000, 3)
    const line = text.split("\n")[0]
    if (!line) return yield* fail(new NotFound("the document is empty"))
    return line
  })
}

/** The same, with "" for an empty document: catchTag removes exactly NotFound from the type. */
export const firstLineOrEmpty = (
  load: () => Pollable<string, Unavailable>,
): Pollable<string, Unavailable | RetriesExhausted> => catchTag(firstLine(load), "NotFound", () => ready(""))

/** A stand-in data source for the examples: answers after `ms`. */
export const slowly = fn(function* slowly(value: string, ms: number) {
  yield* sleep(ms)
  return value
})
