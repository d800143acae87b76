import { describe, expectTypeOf, it } from "vitest"
import { fail, ready, type Executor, type Future, type JoinHandle, type Pending, type Poll } from "@pollable/core"
import { startNow, takeStartedHandle, takeStartError, type Threw, type OwnExecutor } from "@pollable/core/adapter"

class Closed extends Error {
  readonly _tag = "Closed" as const
}

describe("startNow: the first poll before any task, typed", () => {
  it("returns the future's value, Pending or Threw", () => {
    const r = startNow(ready(1))
    expectTypeOf(r).toEqualTypeOf<Poll<number> | typeof Threw>()
    expectTypeOf(r).toEqualTypeOf<number | typeof Pending | typeof Threw>()
    expectTypeOf(startNow<string, Closed>).parameters.toEqualTypeOf<
      [future: Future<string, Closed>, executor?: Executor | undefined, own?: OwnExecutor | undefined]
    >()
  })

  it("the handle taken after Pending carries the value and the exact error type asked for", () => {
    const f: Future<string, Closed> = fail(new Closed())
    expectTypeOf(startNow(f)).toEqualTypeOf<string | typeof Pending | typeof Threw>()
    const h = takeStartedHandle<string, Closed>()
    expectTypeOf(h).toEqualTypeOf<JoinHandle<string, Closed>>()
    expectTypeOf(takeStartError()).toEqualTypeOf<unknown>()
  })
})
