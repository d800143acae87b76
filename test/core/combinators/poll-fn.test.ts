import { describe, expect, it } from "vitest"
import { Pending, pollFn } from "@pollable/core"
import { contextOf } from "@pollable/core/testing"
import { Boom } from "../../support/probe.js"

const cx = contextOf()

describe("pollFn", () => {
  it("polls the function with the context and calls onCancel", () => {
    let n = 0
    let cancelled = 0
    const f = pollFn<string>(
      (c) => {
        expect(c).toBe(cx)
        return ++n === 3 ? "done" : Pending
      },
      () => cancelled++,
    )
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe("done")
    f.cancel()
    expect(cancelled).toBe(0) // already completed
    const g = pollFn(
      () => Pending,
      () => cancelled++,
    )
    g.poll(cx)
    g.cancel()
    g.cancel()
    expect(cancelled).toBe(1)
  })
  it("a throw is its failure", () => {
    const f = pollFn(() => {
      throw new Boom()
    })
    expect(() => f.poll(cx)).toThrow(Boom)
  })
})
