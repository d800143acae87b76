import { describe, expectTypeOf, it } from "vitest"
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import {
  type Acquired,
  type Resource,
  acquireRelease,
  gen,
  type ErrorOf,
  type Future,
  type Pollable,
} from "@pollable/core"
import { resourceToEffect } from "@pollable/adapter-effect"

class Refused extends Error {
  readonly _tag = "Refused"
}
class QueryFailed extends Error {
  readonly _tag = "QueryFailed"
}
interface Conn {
  query(q: string): Pollable<number, QueryFailed>
  close(): void
}
declare const connect: Future<Conn, Refused>

describe("acquireRelease types", () => {
  it("a Resource is a future of an Acquired handle with the acquire's error", () => {
    const r = acquireRelease(connect, (c) => {
      expectTypeOf(c).toEqualTypeOf<Conn>()
      c.close()
    })
    expectTypeOf(r).toEqualTypeOf<Resource<Conn, Refused>>()
    expectTypeOf<ErrorOf<typeof r>>().toEqualTypeOf<Refused>()
  })
  it("`using` in gen: the value is typed, the errors are the union", () => {
    const g = gen(function* () {
      using c = yield* acquireRelease(connect, (c) => c.close())
      expectTypeOf(c).toEqualTypeOf<Acquired<Conn>>()
      return yield* c.value.query("select 1")
    })
    expectTypeOf<ErrorOf<typeof g>>().toEqualTypeOf<Refused | QueryFailed>()
  })
  it("use(body) adds the body's error to the acquire's", () => {
    const u = acquireRelease(connect, (c) => c.close()).use((c) => c.query("x"))
    expectTypeOf(u).toEqualTypeOf<Pollable<number, Refused | QueryFailed>>()
  })
  it("resourceToEffect needs a Scope and keeps the typed error", () => {
    const e = resourceToEffect(() => acquireRelease(connect, (c) => c.close()))
    expectTypeOf(e).toEqualTypeOf<Effect.Effect<Conn, Refused, Scope.Scope>>()
  })
  it("release must be synchronous", () => {
    // @ts-expect-error a release gets the resource, not two arguments
    acquireRelease(connect, (_c: Conn, _x: number) => {})
  })
})
