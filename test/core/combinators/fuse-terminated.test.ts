// fuse(): terminated agrees with isTerminated.
import { describe, expect, it } from "vitest"
import { fuse, pending, ready } from "@pollable/core"
import { contextOf } from "@pollable/core/testing"

describe("fuse", () => {
  it("terminated agrees with isTerminated", () => {
    const f = fuse(ready(1))
    expect(f.terminated).toBe(false)
    expect(f.poll(contextOf())).toBe(1)
    expect(f.isTerminated).toBe(true)
    expect(f.terminated).toBe(true)
    const g = fuse(pending())
    g.cancel()
    expect(g.terminated).toBe(true)
  })
})
