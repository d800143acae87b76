import { describe, expectTypeOf, it } from "vitest"
import { CANCELLED, COMPLETED, type LifeState, RUNNING } from "@pollable/core"

describe("lifecycle constants", () => {
  it("are literal types, and LifeState is exactly their union", () => {
    expectTypeOf(RUNNING).toEqualTypeOf<0>()
    expectTypeOf(COMPLETED).toEqualTypeOf<1>()
    expectTypeOf(CANCELLED).toEqualTypeOf<2>()
    expectTypeOf<LifeState>().toEqualTypeOf<0 | 1 | 2>()
  })
})
