import { gen, sleep } from "@pollable/core"
import { simulate, traceEquals } from "@pollable/core/testing"
import { describe, expect, it } from "vitest"

const body = () =>
  gen(function* () {
    yield* sleep(3)
    return "done"
  })

describe("simulate({ executor: kind })", () => {
  it.each(["native", "rxjs", "effect"] as const)(
    "%s is loaded from its adapter package and gives the reference trace",
    async (kind) => {
      const ref = await simulate({ seed: 5, tracePolls: true }, body)
      const r = await simulate({ seed: 5, tracePolls: true, executor: kind }, body)
      expect(r.executor).toMatch(new RegExp(kind))
      expect(r.outcome).toEqual({ _tag: "Success", value: "done" })
      expect(traceEquals(ref.trace, r.trace)).toBe(true)
    },
  )
})
