// pollFn() checks its onCancel argument at the call.
import { describe, expect, it } from "vitest"
import { InvalidArgument, Pending, pollFn } from "@pollable/core"

describe("pollFn", () => {
  it("rejects a non-function onCancel at call time", () => {
    expect(() => pollFn(() => Pending, 5 as unknown as () => void)).toThrow(InvalidArgument)
  })
})
