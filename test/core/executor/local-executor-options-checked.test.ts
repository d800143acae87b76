import { describe, expect, it } from "vitest"
import { LocalExecutor } from "@pollable/core"

describe("LocalExecutor options are checked", () => {
  it("budget must be a whole number of polls >= 1", () => {
    for (const budget of [0, -1, 1.5, Number.NaN, "8" as unknown as number]) {
      expect(() => new LocalExecutor({ budget })).toThrow(/LocalExecutor\(\{ budget \}\): expected an integer >= 1/)
    }
  })
})
