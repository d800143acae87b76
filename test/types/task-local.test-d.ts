import { describe, expectTypeOf, it } from "vitest"
import { TaskLocal, type Future, type Pollable } from "@pollable/core"

class Boom extends Error {
  readonly _tag = "Boom"
}
declare const work: Future<number, Boom>

describe("TaskLocal types", () => {
  it("scope keeps the future's value and error; get() is the local's type", () => {
    const id = new TaskLocal<string>("id")
    expectTypeOf(id.scope("x", work)).toEqualTypeOf<Pollable<number, Boom>>()
    expectTypeOf(id.get()).toEqualTypeOf<string>()
    expectTypeOf(id.tryGet()).toEqualTypeOf<string | undefined>()
    // @ts-expect-error the value must have the local's type
    id.scope(5, work)
  })
})
