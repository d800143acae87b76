import { describe, expect, it } from "vitest"
import { Pending, lazy, ready, sleep, suspend } from "@pollable/core"
import { checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

const cx = contextOf()

describe("lazy and suspend", () => {
  it("lazy computes at the first poll", () => {
    let runs = 0
    const f = lazy(() => ++runs)
    expect(runs).toBe(0)
    expect(f.poll(cx)).toBe(1)
  })
  it("suspend builds the inner future once, at the first poll, and cancels it", () => {
    let builds = 0
    const p = new Probe()
    const f = suspend(() => {
      builds++
      return p
    })
    expect(builds).toBe(0)
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe(Pending)
    expect(builds).toBe(1)
    f.cancel()
    expect(p.cancels).toBe(1)
    expect(p.registered).toBe(false)
  })
  it("suspend cancelled before its first poll builds nothing", () => {
    let builds = 0
    const f = suspend(() => (builds++, ready(1)))
    f.cancel()
    expect(builds).toBe(0)
  })
  it("suspend over sleep leaves no timer after cancel", () => {
    checkNoLeaks(() => suspend(() => sleep(50)), 10)
  })
})
