import { describe, expectTypeOf, it } from "vitest"
import {
  type FutureBase,
  type Sleep,
  type select,
  selectFair,
  type TimeoutError,
  gen,
  now,
  sleep,
  sleepUntil,
  stream,
  timeoutAt,
  type ErrorOf,
  type Future,
  type MissedTick,
  type StreamBase,
} from "@pollable/core"

class FetchError extends Error {
  readonly _tag = "FetchError"
}
declare const fetchUser: Future<{ id: string }, FetchError>

describe("time types", () => {
  it("now() is a number that cannot fail", () => {
    expectTypeOf(now()).toEqualTypeOf<FutureBase<number, never>>()
  })
  it("sleep and sleepUntil return a resettable Sleep, still a FutureBase<void, never>", () => {
    expectTypeOf(sleep(1)).toEqualTypeOf<Sleep>()
    expectTypeOf(sleepUntil(1)).toEqualTypeOf<Sleep>()
    expectTypeOf(sleepUntil(1)).toMatchTypeOf<FutureBase<void, never>>()
    expectTypeOf(sleep(1).reset).toEqualTypeOf<(deadline: number) => void>()
    expectTypeOf(sleep(1).deadline).toEqualTypeOf<number | undefined>()
    expectTypeOf<ErrorOf<Sleep>>().toEqualTypeOf<never>()
  })
  it("timeoutAt adds exactly TimeoutError to the error type", () => {
    const f = timeoutAt(fetchUser, 100)
    expectTypeOf(f).toEqualTypeOf<FutureBase<{ id: string }, FetchError | TimeoutError>>()
    const g = gen(function* () {
      const deadline = (yield* now()) + 100
      return yield* timeoutAt(fetchUser, deadline)
    })
    expectTypeOf<ErrorOf<typeof g>>().toEqualTypeOf<FetchError | TimeoutError>()
  })
  it("interval takes a missed-tick policy", () => {
    expectTypeOf(stream.interval(10, { missedTick: "burst" })).toEqualTypeOf<StreamBase<number, never>>()
    expectTypeOf<MissedTick>().toEqualTypeOf<"skip" | "burst" | "delay">()
    // @ts-expect-error not a policy
    stream.interval(10, { missedTick: "catchUp" })
  })
  it("selectFair has select's types", () => {
    expectTypeOf(selectFair(fetchUser, now())).toEqualTypeOf<
      ReturnType<typeof select<[typeof fetchUser, FutureBase<number, never>]>>
    >()
  })
})
