import { describe, expect, it } from "vitest"
import { Pending, fuse, lazy, ready } from "@pollable/core"
import { contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

const cx = contextOf()

describe("fuse", () => {
  it("returns Pending forever after the inner future finished", () => {
    const f = fuse(ready(1))
    expect(f.isTerminated).toBe(false)
    expect(f.poll(cx)).toBe(1)
    expect(f.isTerminated).toBe(true)
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe(Pending)
  })
  it("after a failure too, and after cancel", () => {
    const f = fuse(
      lazy(() => {
        throw new Boom()
      }),
    )
    expect(() => f.poll(cx)).toThrow(Boom)
    expect(f.poll(cx)).toBe(Pending)
    const p = new Probe()
    const g = fuse(p)
    g.poll(cx)
    g.cancel()
    expect(p.cancels).toBe(1)
    expect(g.isTerminated).toBe(true)
    expect(g.poll(cx)).toBe(Pending)
    g.cancel()
    expect(p.cancels).toBe(1)
  })
})
