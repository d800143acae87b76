import { describe, expect, it } from "vitest"
import { InvalidArgument, Pending, stream, type Context, type MissedTick } from "@pollable/core"
import { CountingWaker, checkNoLeaks } from "@pollable/core/testing"

/** Poll an interval by hand with a clock the test sets: returns the ticks seen at each time. */
const run = (missedTick: MissedTick | undefined) => {
  const s = stream.interval(10, missedTick === undefined ? undefined : { missedTick })
  let t = 0
  const cx: Context = { waker: new CountingWaker(), timer: { now: () => t, schedule: () => ({ cancel() {} }) } }
  const at = (time: number): number[] => {
    t = time
    const got: number[] = []
    for (let r = s.pollNext(cx); r !== Pending; r = s.pollNext(cx)) got.push(r as number)
    return got
  }
  expect(at(0)).toEqual([])
  return at
}

describe("stream.interval missed-tick policies (consumer stalled from 0 to 35)", () => {
  it("skip (the default): one late tick, then back on the grid", () => {
    const at = run(undefined)
    expect(at(35)).toEqual([0])
    expect(at(39)).toEqual([])
    expect(at(40)).toEqual([1])
    expect(at(50)).toEqual([2])
  })
  it("burst: every missed tick at once, then on the grid", () => {
    const at = run("burst")
    expect(at(35)).toEqual([0, 1, 2]) // due at 10, 20, 30
    expect(at(40)).toEqual([3])
  })
  it("delay: one late tick, and the period restarts from it", () => {
    const at = run("delay")
    expect(at(35)).toEqual([0])
    expect(at(44)).toEqual([])
    expect(at(45)).toEqual([1])
    expect(at(55)).toEqual([2])
  })
  it("InvalidArgument for an unknown policy", () => {
    expect(() => stream.interval(10, { missedTick: "catch-up" as never })).toThrow(InvalidArgument)
    expect(() => stream.interval(10, { missedTick: "x" as never })).toThrow(/"skip", "burst" or "delay"/)
  })
  it.each(["skip", "burst", "delay"] as const)("%s: cancel leaves no timer (leak check)", (missedTick) => {
    checkNoLeaks(() => stream.collect(stream.interval(5, { missedTick })), 12)
  })
})
