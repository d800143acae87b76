import { describe, expect, it } from "vitest"
import { PollAfterReady, fail, gen, sleep } from "@pollable/core"
import { contextOf } from "@pollable/core/testing"
import { Boom, runToEnd as run } from "../../support/probe.js"

describe("fail", () => {
  it("fails with the very error at its first poll, and not before (rule 7)", () => {
    const e = new Boom()
    const f = fail(e)
    expect(run(f)).toEqual({ _tag: "Failure", error: e })
    let thrown: unknown
    try {
      fail(e).poll(contextOf())
    } catch (x) {
      thrown = x
    }
    expect(thrown).toBe(e)
  })
  it("yield* fail(e) fails the gen with e; its finally blocks run", () => {
    const e = new Boom()
    let cleaned = false
    const f = gen(function* () {
      try {
        yield* sleep(1)
        return yield* fail(e)
      } finally {
        cleaned = true
      }
    })
    expect(run(f)).toEqual({ _tag: "Failure", error: e })
    expect(cleaned).toBe(true)
  })
  it("is labelled with the error's _tag or name (rule 3)", () => {
    const f = fail(new Boom())
    expect(() => f.poll(contextOf())).toThrow(Boom)
    expect(() => f.poll(contextOf())).toThrow(new PollAfterReady("fail(Boom)").message)
    expect(String(fail(new RangeError("x")))).toBe("fail(RangeError)")
    expect(String(fail(42))).toBe("fail(number)")
  })
})
