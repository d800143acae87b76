import { describe, expectTypeOf, it } from "vitest"
import {
  type FutureBase,
  Schedule,
  type TimeoutError,
  gen,
  repeat,
  retry,
  timeout,
  type ErrorOf,
  type Future,
} from "@pollable/core"

class RateLimited extends Error {
  readonly _tag = "RateLimited"
}
class NotFound extends Error {
  readonly _tag = "NotFound"
}
declare const fetchPage: () => Future<string, RateLimited | NotFound>

describe("retry / repeat / Schedule types", () => {
  it("retry keeps the value type and exactly the attempt's error type", () => {
    const f = retry(fetchPage, Schedule.exponential(100).maxAttempts(3))
    expectTypeOf(f).toEqualTypeOf<FutureBase<string, RateLimited | NotFound>>()
    expectTypeOf<ErrorOf<typeof f>>().toEqualTypeOf<RateLimited | NotFound>()
  })
  it("the error type through timeout is the union, and nothing more", () => {
    const f = retry(() => timeout(fetchPage(), 1_000), Schedule.fixed(10))
    expectTypeOf<ErrorOf<typeof f>>().toEqualTypeOf<RateLimited | NotFound | TimeoutError>()
  })
  it("whileInput's predicate sees the typed error", () => {
    retry(
      fetchPage,
      Schedule.fixed(5).whileInput((e) => {
        expectTypeOf(e).toEqualTypeOf<RateLimited | NotFound>() // inferred from the retried future
        return true
      }),
    )
    const policy = Schedule.fixed(5).whileInput((e: RateLimited | NotFound) => e instanceof RateLimited)
    expectTypeOf(policy).toEqualTypeOf<Schedule<RateLimited | NotFound>>()
    expectTypeOf(retry(fetchPage, policy)).toEqualTypeOf<FutureBase<string, RateLimited | NotFound>>()
  })
  it("a schedule that looks at another error type is rejected", () => {
    const onlyNumbers = Schedule.forever.whileInput((n: number) => n > 0)
    // @ts-expect-error the schedule's input (number) is not the attempt's error
    retry(fetchPage, onlyNumbers)
  })
  it("repeat's schedule looks at the value; its error is the run's", () => {
    const r = repeat(
      fetchPage,
      Schedule.fixed(1).whileInput((s: string) => s !== "done"),
    )
    expectTypeOf(r).toEqualTypeOf<FutureBase<string, RateLimited | NotFound>>()
    const onErrors = Schedule.forever.whileInput((e: RateLimited) => e.message === "")
    // @ts-expect-error repeat's schedule gets values (string), not errors
    repeat(fetchPage, onErrors)
  })
  it("a Schedule<unknown> fits every future; a never-failing future retries to never", () => {
    const g = gen(function* () {
      return 1
    })
    expectTypeOf(retry(() => g, Schedule.recurs(2))).toEqualTypeOf<FutureBase<number, never>>()
    expectTypeOf(Schedule.fixed(1).both(Schedule.forever.whileInput((e: NotFound) => !!e))).toEqualTypeOf<
      Schedule<NotFound>
    >()
  })
  it("retry is yield*-able in gen and adds its error to the gen's union", () => {
    const g = gen(function* () {
      return yield* retry(fetchPage, Schedule.recurs(1))
    })
    expectTypeOf<ErrorOf<typeof g>>().toEqualTypeOf<RateLimited | NotFound>()
  })
})
