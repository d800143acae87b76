import { describe, expectTypeOf, it } from "vitest"
import {
  type ChannelClosed,
  type TimeoutError,
  catchError,
  catchTag,
  fail,
  gen,
  mapError,
  ready,
  result,
  sleep,
  timeout,
  type ErrorOf,
  type Future,
  type Pollable,
  type Result,
  type ValueOf,
} from "@pollable/core"

class NotFound extends Error {
  readonly _tag = "NotFound"
}
class RateLimited extends Error {
  readonly _tag = "RateLimited"
}
class Untagged extends Error {
  readonly code = 7
}

declare const getPage: (n: number) => Pollable<string, NotFound | TimeoutError>
declare const handWritten: Future<number, RateLimited>

describe("fail", () => {
  it("is a Pollable<never, typeof error>", () => {
    expectTypeOf(fail(new NotFound())).toEqualTypeOf<Pollable<never, NotFound>>()
  })
  it("yield* fail(e) puts e's type in the gen's error type; return yield* fail(e) keeps T", () => {
    const f = gen(function* (n: number) {
      const page = yield* getPage(n)
      if (page === "") return yield* fail(new RateLimited())
      return page.length
    }, 1)
    expectTypeOf<ValueOf<typeof f>>().toEqualTypeOf<number>()
    expectTypeOf<ErrorOf<typeof f>>().toEqualTypeOf<NotFound | TimeoutError | RateLimited>()
  })
  it("a bare throw is invisible: the gen's error type stays never", () => {
    const f = gen(function* () {
      yield* sleep(1)
      throw new NotFound()
    })
    expectTypeOf<ErrorOf<typeof f>>().toEqualTypeOf<never>()
  })
})

describe("catchError", () => {
  it("the error type becomes the handler's; values are unioned", () => {
    const c = catchError(getPage(1), (e) => {
      expectTypeOf(e).toEqualTypeOf<NotFound | TimeoutError>()
      return ready(0)
    })
    expectTypeOf(c).toEqualTypeOf<Pollable<string | number, never>>()
    const d = catchError(getPage(1), () => fail(new RateLimited()))
    expectTypeOf(d).toEqualTypeOf<Pollable<string, RateLimited>>()
  })
  it("works on a hand-written Future and on ready()", () => {
    expectTypeOf(catchError(handWritten, (e) => ready(e.message))).toEqualTypeOf<Pollable<number | string, never>>()
    expectTypeOf(catchError(ready(1), () => ready(2))).toEqualTypeOf<Pollable<number, never>>()
  })
})

describe("catchTag", () => {
  it("removes exactly the member tagged K and adds the handler's error", () => {
    const c = catchTag(getPage(1), "NotFound", (e) => {
      expectTypeOf(e).toEqualTypeOf<NotFound>()
      return ready("")
    })
    expectTypeOf(c).toEqualTypeOf<Pollable<string, TimeoutError>>()
    const t = catchTag(getPage(1), "TimeoutError", (e) => {
      expectTypeOf(e).toEqualTypeOf<TimeoutError>()
      return fail(new RateLimited())
    })
    expectTypeOf(t).toEqualTypeOf<Pollable<string, NotFound | RateLimited>>()
  })
  it("pollable's own errors have literal tags", () => {
    expectTypeOf<TimeoutError["_tag"]>().toEqualTypeOf<"TimeoutError">()
    expectTypeOf<ChannelClosed["_tag"]>().toEqualTypeOf<"ChannelClosed">()
    const f = catchTag(timeout(ready(1), 5), "TimeoutError", () => ready(0))
    expectTypeOf(f).toEqualTypeOf<Pollable<number, never>>()
  })
  it("rejects a tag that is not in the error type, and untagged members stay", () => {
    // @ts-expect-error: "Nope" is not the tag of any possible failure
    catchTag(getPage(1), "Nope", () => ready(""))
    const mixed = {} as Pollable<number, NotFound | Untagged>
    expectTypeOf(catchTag(mixed, "NotFound", () => ready(0))).toEqualTypeOf<Pollable<number, Untagged>>()
  })
})

describe("mapError / result", () => {
  it("mapError replaces the error type", () => {
    expectTypeOf(mapError(getPage(1), (e) => new RateLimited(e.message))).toEqualTypeOf<Pollable<string, RateLimited>>()
  })
  it("result cannot fail and holds success or failure as a value", () => {
    const r = result(getPage(1))
    expectTypeOf(r).toEqualTypeOf<Pollable<Result<string, NotFound | TimeoutError>, never>>()
    const v = {} as ValueOf<typeof r>
    if (v._tag === "Failure") expectTypeOf(v.error).toEqualTypeOf<NotFound | TimeoutError>()
    else expectTypeOf(v.value).toEqualTypeOf<string>()
  })
})
