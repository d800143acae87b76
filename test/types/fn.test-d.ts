import { describe, expectTypeOf, it } from "vitest"
import { fn, gen, ready, sleep, type FutureBase, type Pollable, type TimeoutError } from "@pollable/core"

class NotFound extends Error {
  override readonly name = "NotFound"
}
declare const lookup: (id: string) => Pollable<number, NotFound>
declare const slow: Pollable<string, TimeoutError>

describe("fn(function* name(...) { … })", () => {
  it("is typed from the generator's parameters and returns what gen returns", () => {
    const fetchBoth = fn(function* fetchBoth(a: string, b: number) {
      const x = yield* lookup(a)
      const y = yield* slow
      return `${x + b}${y}`
    })
    expectTypeOf(fetchBoth).parameters.toEqualTypeOf<[a: string, b: number]>()
    expectTypeOf(fetchBoth("a", 1)).toEqualTypeOf<FutureBase<string, NotFound | TimeoutError>>()
    // the same future type as the inline form
    const inline = (a: string, b: number) =>
      gen(function* () {
        const x = yield* lookup(a)
        const y = yield* slow
        return `${x + b}${y}`
      })
    expectTypeOf(fetchBoth("a", 1)).toEqualTypeOf<ReturnType<typeof inline>>()
    // usable where signatures name the public future type
    const typed: Pollable<string, NotFound | TimeoutError> = fetchBoth("a", 1)
    expectTypeOf(typed).toEqualTypeOf<Pollable<string, NotFound | TimeoutError>>()
  })

  it("a body that cannot fail gives a never error type; no parameters gives a nullary function", () => {
    const tick = fn(function* tick() {
      yield* sleep(1)
      return 1
    })
    expectTypeOf(tick).parameters.toEqualTypeOf<[]>()
    expectTypeOf(tick()).toEqualTypeOf<FutureBase<number, never>>()
  })

  it("composes: a fn-defined function awaited inside another keeps value and error types", () => {
    const inner = fn(function* inner(id: string) {
      return yield* lookup(id)
    })
    const outer = fn(function* outer() {
      const n = yield* inner("x")
      const m = yield* ready(2)
      return n + m
    })
    expectTypeOf(outer()).toEqualTypeOf<FutureBase<number, NotFound>>()
  })

  it("rejects calls with the wrong arguments", () => {
    const one = fn(function* one(x: number) {
      return yield* ready(x)
    })
    // @ts-expect-error a string is not a number
    one("1")
    // @ts-expect-error missing argument
    one()
  })
})
