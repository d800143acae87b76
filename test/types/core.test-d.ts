import { describe, expectTypeOf, it } from "vitest"
import {
  type FutureBase,
  Pending,
  type TimeoutError,
  abortable,
  andThen,
  fromCallback,
  gen,
  join,
  joinAll,
  lazy,
  map,
  race,
  ready,
  select,
  selectAll,
  settle,
  shared,
  sleep,
  type suspend,
  timeout,
  tryJoin,
  wrap,
  type Context,
  type ErrorOf,
  type Future,
  type JoinHandle,
  type Outcome,
  type Poll,
  type ValueOf,
} from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"

class NotFound extends Error {
  readonly _tag = "NotFound"
}
class RateLimited extends Error {
  readonly _tag = "RateLimited"
}

declare const findUser: (id: number) => FutureBase<{ name: string }, NotFound>
declare const fetchPage: (n: number) => Future<string, RateLimited>

describe("Future<T, E>", () => {
  it("carries T and E", () => {
    expectTypeOf<ValueOf<Future<number, NotFound>>>().toEqualTypeOf<number>()
    expectTypeOf<ErrorOf<Future<number, NotFound>>>().toEqualTypeOf<NotFound>()
    expectTypeOf<ErrorOf<Future<number>>>().toEqualTypeOf<unknown>()
  })
  it("a Future<T, never> is a Future<T, Error>; not the other way round", () => {
    expectTypeOf<Future<number, never>>().toExtend<Future<number, Error>>()
    expectTypeOf<Future<number, NotFound>>().toExtend<Future<number, Error>>()
    expectTypeOf<Future<number, Error>>().not.toExtend<Future<number, never>>()
    expectTypeOf<Future<number, Error>>().not.toExtend<Future<number, NotFound>>()
  })
  it("a hand-written { poll, cancel } is a Future<T>", () => {
    const hand = {
      poll(_cx: Context): Poll<number> {
        return Pending
      },
      cancel() {},
    }
    expectTypeOf(hand).toExtend<Future<number>>()
    expectTypeOf(wrap(hand)).toExtend<Future<number, unknown>>()
    expectTypeOf(new ManualExecutor().blockOn(hand)).toEqualTypeOf<number>()
  })
  it("core futures are typed", () => {
    expectTypeOf(ready(1)).toExtend<Future<number, never>>()
    expectTypeOf(sleep(1)).toExtend<Future<void, never>>()
    expectTypeOf(lazy(() => "x")).toExtend<Future<string, unknown>>()
    expectTypeOf(fromCallback<number, NotFound>(() => {})).toExtend<Future<number, NotFound>>()
    expectTypeOf<ErrorOf<ReturnType<typeof suspend<number, NotFound>>>>().toEqualTypeOf<NotFound>()
    expectTypeOf(settle(fetchPage(1))).toExtend<Future<Outcome<string, RateLimited>, never>>()
    expectTypeOf(shared(fetchPage(1))).toExtend<Future<string, RateLimited>>()
  })
})

describe("gen", () => {
  it("gen(body, ...args): arguments are checked against the generator function's parameters", () => {
    function* userName(id: number, suffix: string) {
      const user = yield* findUser(id)
      return user.name + suffix
    }
    const f = gen(userName, 1, "!")
    expectTypeOf<ValueOf<typeof f>>().toEqualTypeOf<string>()
    expectTypeOf<ErrorOf<typeof f>>().toEqualTypeOf<NotFound>()
    // @ts-expect-error: the second argument must be a string
    gen(userName, 1, 2)
    // @ts-expect-error: an argument is missing
    gen(userName, 1)
  })
  it("infers the value and the union of yielded error types", () => {
    const f = gen(function* () {
      const user = yield* findUser(1)
      yield* sleep(10)
      yield* timeout(ready(1), 5)
      return user.name.length
    })
    expectTypeOf<ValueOf<typeof f>>().toEqualTypeOf<number>()
    expectTypeOf<ErrorOf<typeof f>>().toEqualTypeOf<NotFound | TimeoutError>()
  })
  it("a generator that yields nothing that can fail has error type never", () => {
    const f = gen(function* () {
      yield* sleep(1)
      return "ok" as const
    })
    expectTypeOf<ValueOf<typeof f>>().toEqualTypeOf<"ok">()
    expectTypeOf<ErrorOf<typeof f>>().toEqualTypeOf<never>()
  })
  it("yield* gives each future's value", () => {
    gen(function* () {
      const [a, b] = yield* join(ready(1), ready("s"))
      expectTypeOf(a).toEqualTypeOf<number>()
      expectTypeOf(b).toEqualTypeOf<string>()
      const s = yield* select(ready(1), ready("s"))
      expectTypeOf(s).toEqualTypeOf<
        { readonly index: 0; readonly value: number } | { readonly index: 1; readonly value: string }
      >()
    })
  })
})

describe("join / tryJoin", () => {
  it("gives a typed tuple and the union of errors", () => {
    const j = join(ready(1), fetchPage(1), findUser(2))
    expectTypeOf<ValueOf<typeof j>>().toEqualTypeOf<[number, string, { name: string }]>()
    expectTypeOf<ErrorOf<typeof j>>().toEqualTypeOf<RateLimited | NotFound>()
    const t = tryJoin(ready(1), fetchPage(1))
    expectTypeOf<ValueOf<typeof t>>().toEqualTypeOf<[number, string]>()
    expectTypeOf<ErrorOf<typeof t>>().toEqualTypeOf<RateLimited>()
  })
  it("joinAll gives an array", () => {
    const j = joinAll([fetchPage(1), fetchPage(2)])
    expectTypeOf<ValueOf<typeof j>>().toEqualTypeOf<string[]>()
    expectTypeOf<ErrorOf<typeof j>>().toEqualTypeOf<RateLimited>()
  })
})

describe("select / race / selectAll", () => {
  it("select gives an index/value union that narrows", () => {
    const s = select(ready(1), fetchPage(1))
    type S = ValueOf<typeof s>
    expectTypeOf<S>().toEqualTypeOf<
      { readonly index: 0; readonly value: number } | { readonly index: 1; readonly value: string }
    >()
    expectTypeOf<ErrorOf<typeof s>>().toEqualTypeOf<RateLimited>()
    const r = {} as S
    if (r.index === 1) expectTypeOf(r.value).toEqualTypeOf<string>()
  })
  it("select over a spread array gives index: number", () => {
    const fs = [ready(1), ready(2)]
    expectTypeOf<ValueOf<ReturnType<typeof select<typeof fs>>>>().toEqualTypeOf<{
      readonly index: number
      readonly value: number
    }>()
    const all = selectAll(fs)
    expectTypeOf<ValueOf<typeof all>>().toEqualTypeOf<{ readonly index: number; readonly value: number }>()
  })
  it("race gives the union of values", () => {
    const r = race(ready(1), fetchPage(1))
    expectTypeOf<ValueOf<typeof r>>().toEqualTypeOf<number | string>()
    expectTypeOf<ErrorOf<typeof r>>().toEqualTypeOf<RateLimited>()
  })
})

describe("map / andThen / timeout / abortable", () => {
  it("map keeps the error; andThen unions both", () => {
    const m = map(fetchPage(1), (s) => s.length)
    expectTypeOf<ValueOf<typeof m>>().toEqualTypeOf<number>()
    expectTypeOf<ErrorOf<typeof m>>().toEqualTypeOf<RateLimited>()
    const a = andThen(fetchPage(1), (s) => findUser(s.length))
    expectTypeOf<ValueOf<typeof a>>().toEqualTypeOf<{ name: string }>()
    expectTypeOf<ErrorOf<typeof a>>().toEqualTypeOf<RateLimited | NotFound>()
  })
  it("timeout adds TimeoutError; abortable adds nothing (an abort is the interrupted outcome, not a failure)", () => {
    const t = timeout(fetchPage(1), 5)
    expectTypeOf<ErrorOf<typeof t>>().toEqualTypeOf<RateLimited | TimeoutError>()
    const a = abortable(fetchPage(1), new AbortController().signal)
    expectTypeOf<ErrorOf<typeof a>>().toEqualTypeOf<RateLimited>()
  })
})

describe("executors", () => {
  it("spawn gives a typed JoinHandle that is PromiseLike", () => {
    const h = new ManualExecutor().spawn(fetchPage(1))
    expectTypeOf(h).toEqualTypeOf<JoinHandle<string, RateLimited>>()
    expectTypeOf(h).toExtend<PromiseLike<string>>()
    expectTypeOf(h.outcome).toEqualTypeOf<Outcome<string, RateLimited> | undefined>()
  })
})
