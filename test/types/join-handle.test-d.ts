import { describe, expectTypeOf, it } from "vitest"
import { gen, type Executor, type Pollable, type Future, type JoinHandle } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { NativeExecutor } from "@pollable/adapter-native"
import { RxjsExecutor } from "@pollable/adapter-rxjs"
import { EffectExecutor } from "@pollable/adapter-effect"

class NotFound extends Error {
  readonly _tag = "NotFound"
}
class RateLimited extends Error {
  readonly _tag = "RateLimited"
}
declare const fetchUser: Future<{ name: string }, NotFound>
declare const fetchCount: Future<number, RateLimited>

describe("JoinHandle is yield*-able in gen", () => {
  it("through the Executor contract: T is the value, E joins the gen's error union", () => {
    const run = (ex: Executor) =>
      gen(function* () {
        const user = yield* ex.spawn(fetchUser)
        expectTypeOf(user).toEqualTypeOf<{ name: string }>()
        const n = yield* ex.spawn(fetchCount)
        expectTypeOf(n).toEqualTypeOf<number>()
        return user.name.length + n
      })
    expectTypeOf(run).returns.toEqualTypeOf<Pollable<number, NotFound | RateLimited>>()
  })

  it("a JoinHandle value is iterable with the handle's value as the return type", () => {
    expectTypeOf<JoinHandle<string, NotFound>>().toExtend<Iterable<Future<string, NotFound>, string, any>>()
  })

  it("for every executor's spawn", () => {
    const handles = [
      new ManualExecutor().spawn(fetchUser),
      new NativeExecutor().spawn(fetchUser),
      new RxjsExecutor().spawn(fetchUser),
      new EffectExecutor().spawn(fetchUser),
    ] as const
    for (const h of handles) {
      const f = gen(function* () {
        return (yield* h).name
      })
      expectTypeOf(f).toEqualTypeOf<Pollable<string, NotFound>>()
    }
  })
})
