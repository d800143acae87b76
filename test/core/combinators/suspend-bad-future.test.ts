// suspend() whose make() returns a non-future fails with InvalidArgument.
import { describe, expect, it } from "vitest"
import { InvalidArgument, suspend, type Future } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"

describe("suspend", () => {
  it("make() returning a non-future fails with InvalidArgument naming suspend", () => {
    const ex = new ManualExecutor()
    expect(() => ex.blockOn(suspend(() => 42 as unknown as Future<number>))).toThrow(InvalidArgument)
    expect(() => ex.blockOn(suspend(() => 42 as unknown as Future<number>))).toThrow(/suspend\(make\).*number/)
  })
})
