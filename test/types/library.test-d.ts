/**
 * A library written as the README shows (examples/readme/library.ts: Pollable signatures,
 * yield* fail, catchTag, a retry helper that catches TimeoutError and fails with
 * RetriesExhausted) compiles under strict TypeScript with no cast — `npm run typecheck`
 * checks it — and each Effect error channel it produces is exactly the set of failures that
 * can happen.
 */
import { describe, expectTypeOf, it } from "vitest"
import type { Effect } from "effect"
import * as Eff from "effect/Effect"
import { bind, ready, type ErrorOf, type Pollable, type TimeoutError } from "@pollable/core"
import { effect, toEffect } from "@pollable/adapter-effect"
import {
  type NotFound,
  type RetriesExhausted,
  type Unavailable,
  fetchBoth,
  firstLine,
  firstLineOrEmpty,
  retryOnTimeout,
  slowly,
} from "../../examples/readme/library.js"

const load = (): Pollable<string, Unavailable> => slowly("a\nb", 10)

describe("the README's library: exact error types", () => {
  it("each function's Pollable type", () => {
    expectTypeOf(fetchBoth(load(), load())).toEqualTypeOf<Pollable<string, Unavailable | TimeoutError>>()
    expectTypeOf(firstLine(load)).toEqualTypeOf<Pollable<string, Unavailable | RetriesExhausted | NotFound>>()
    expectTypeOf(firstLineOrEmpty(load)).toEqualTypeOf<Pollable<string, Unavailable | RetriesExhausted>>()
  })
  it("retryOnTimeout removes TimeoutError and adds RetriesExhausted, whatever the source's errors", () => {
    expectTypeOf(retryOnTimeout(load, 100, 3)).toEqualTypeOf<Pollable<string, Unavailable | RetriesExhausted>>()
    expectTypeOf<ErrorOf<ReturnType<typeof retryOnTimeout<number, never>>>>().toEqualTypeOf<RetriesExhausted>()
    // a source that itself times out: its TimeoutError is retried too, so it is gone from the type
    expectTypeOf(retryOnTimeout(() => fetchBoth(load(), load()), 100, 3)).toEqualTypeOf<
      Pollable<string, Unavailable | RetriesExhausted>
    >()
  })
  it("toEffect: each Effect error channel is exactly the possible failures", () => {
    expectTypeOf(toEffect(() => fetchBoth(load(), load()))).toEqualTypeOf<
      Effect.Effect<string, Unavailable | TimeoutError>
    >()
    expectTypeOf(toEffect(() => firstLine(load))).toEqualTypeOf<
      Effect.Effect<string, Unavailable | RetriesExhausted | NotFound>
    >()
    expectTypeOf(toEffect(() => firstLineOrEmpty(load))).toEqualTypeOf<
      Effect.Effect<string, Unavailable | RetriesExhausted>
    >()
    expectTypeOf(toEffect(() => retryOnTimeout(() => ready(1), 10, 2))).toEqualTypeOf<
      Effect.Effect<number, RetriesExhausted>
    >()
  })
  it("bind(api, effect) gives the same channels", () => {
    const api = bind({ fetchBoth, firstLine, firstLineOrEmpty }, effect)
    expectTypeOf(api.fetchBoth(load(), load())).toEqualTypeOf<Effect.Effect<string, Unavailable | TimeoutError>>()
    expectTypeOf(api.firstLine(load)).toEqualTypeOf<Effect.Effect<string, Unavailable | RetriesExhausted | NotFound>>()
    expectTypeOf(api.firstLineOrEmpty(load)).toEqualTypeOf<Effect.Effect<string, Unavailable | RetriesExhausted>>()
  })
  it("Effect.catchTag handles the library's tags and removes exactly them", () => {
    const handled = toEffect(() => firstLine(load)).pipe(
      Eff.catchTag("NotFound", () => Eff.succeed("")),
      Eff.catchTag("RetriesExhausted", (e) => Eff.succeed(`gave up after ${e.attempts}`)),
    )
    expectTypeOf(handled).toEqualTypeOf<Effect.Effect<string, Unavailable>>()
  })
})
