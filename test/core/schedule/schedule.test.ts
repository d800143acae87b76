import { describe, expect, it } from "vitest"
import { InvalidArgument, Schedule } from "@pollable/core"
import { seededRandom } from "@pollable/core/testing"

describe("Schedule: the delays between attempts", () => {
  it("fixed(ms) waits the same delay forever", () => {
    expect(Schedule.fixed(50).delays(4, undefined)).toEqual([50, 50, 50, 50])
  })
  it("exponential(base, factor) multiplies the delay each attempt", () => {
    expect(Schedule.exponential(100).delays(4, undefined)).toEqual([100, 200, 400, 800])
    expect(Schedule.exponential(10, 3).delays(3, undefined)).toEqual([10, 30, 90])
  })
  it("recurs(n) goes on n more times without delay, then stops", () => {
    expect(Schedule.recurs(2).delays(10, undefined)).toEqual([0, 0])
    expect(Schedule.recurs(0).delays(10, undefined)).toEqual([])
  })
  it("forever goes on without delay", () => {
    expect(Schedule.forever.delays(5, undefined)).toEqual([0, 0, 0, 0, 0])
  })
  it("maxAttempts(n) allows n attempts in all: n - 1 delays", () => {
    expect(Schedule.fixed(5).maxAttempts(3).delays(10, undefined)).toEqual([5, 5])
    expect(Schedule.fixed(5).maxAttempts(1).delays(10, undefined)).toEqual([])
  })
  it("maxElapsed(ms) stops when the next attempt would start later than ms after the first", () => {
    // attempt 2 starts at 100, attempt 3 would start at 300 > 250
    expect(Schedule.exponential(100).maxElapsed(250).delays(10, undefined)).toEqual([100])
    expect(Schedule.exponential(100).maxElapsed(300).delays(10, undefined)).toEqual([100, 200])
  })
  it("maxDelay(ms) caps each delay and keeps going", () => {
    expect(Schedule.exponential(100).maxDelay(300).delays(5, undefined)).toEqual([100, 200, 300, 300, 300])
  })
  it("jittered() scales each delay by a factor in [min, max) drawn from random", () => {
    expect(
      Schedule.fixed(100)
        .jittered({ random: () => 0 })
        .delays(2, undefined),
    ).toEqual([80, 80])
    expect(
      Schedule.fixed(100)
        .jittered({ min: 0, max: 1, random: () => 0.5 })
        .delays(1, undefined),
    ).toEqual([50])
    const ds = Schedule.exponential(100)
      .jittered({ random: seededRandom(1) })
      .delays(6, undefined)
    ds.forEach((d, i) => {
      const base = 100 * 2 ** i
      expect(d).toBeGreaterThanOrEqual(base * 0.8)
      expect(d).toBeLessThan(base * 1.2)
    })
    expect(new Set(ds.map((d, i) => d / (100 * 2 ** i))).size).toBeGreaterThan(1) // factors differ
  })
  it("jittered with a seeded random is reproducible: the same seed gives the same delays", () => {
    const make = (seed: number) => Schedule.exponential(50).jittered({ random: seededRandom(seed) })
    expect(make(42).delays(8, undefined)).toEqual(make(42).delays(8, undefined))
    expect(make(42).delays(8, undefined)).not.toEqual(make(43).delays(8, undefined))
  })
  it("methods apply in chain order: jitter then cap caps the jittered delay", () => {
    expect(
      Schedule.fixed(100)
        .jittered({ random: () => 0.99 })
        .maxDelay(100)
        .delays(1, undefined),
    ).toEqual([100])
    expect(
      Schedule.fixed(100)
        .maxDelay(100)
        .jittered({ random: () => 0.99 })
        .delays(1, undefined)[0],
    ).toBeGreaterThan(100)
  })
  it("whileInput(predicate) stops on the first input the predicate rejects", () => {
    const s = Schedule.fixed(10).whileInput((e: { retryable: boolean }) => e.retryable)
    expect(s.next({ attempt: 1, elapsed: 0, input: { retryable: true } })).toBe(10)
    expect(s.next({ attempt: 1, elapsed: 0, input: { retryable: false } })).toBeUndefined()
  })
  it("both: goes on while both do, with the longer delay; either: while either does, the shorter", () => {
    expect(Schedule.fixed(10).both(Schedule.exponential(5)).delays(4, undefined)).toEqual([10, 10, 20, 40])
    expect(Schedule.fixed(10).both(Schedule.recurs(2)).delays(9, undefined)).toEqual([10, 10])
    expect(Schedule.fixed(10).either(Schedule.exponential(5)).delays(4, undefined)).toEqual([5, 10, 10, 10])
    expect(Schedule.recurs(1).either(Schedule.fixed(7).maxAttempts(3)).delays(9, undefined)).toEqual([0, 7])
  })
  it("a schedule is immutable: narrowing returns a new one", () => {
    const base = Schedule.fixed(1)
    base.maxAttempts(2)
    expect(base.delays(3, undefined)).toEqual([1, 1, 1])
    expect(String(base.maxAttempts(2))).toBe("Schedule.fixed(1).maxAttempts(2)")
  })
})

describe("Schedule: bad input is InvalidArgument", () => {
  it.each([
    ["fixed(-1)", () => Schedule.fixed(-1), /Schedule\.fixed\(ms\).*got -1/],
    ["exponential(NaN)", () => Schedule.exponential(Number.NaN), /exponential\(base\).*got NaN/],
    ["exponential(1, 0.5)", () => Schedule.exponential(1, 0.5), /factor.*>= 1.*got 0\.5/],
    ["recurs(1.5)", () => Schedule.recurs(1.5), /recurs\(n\).*got 1\.5/],
    ["maxAttempts(0)", () => Schedule.forever.maxAttempts(0), /maxAttempts\(n\).*first attempt always runs/],
    ["maxElapsed(-5)", () => Schedule.forever.maxElapsed(-5), /maxElapsed/],
    ["maxDelay(Infinity)", () => Schedule.forever.maxDelay(Infinity), /maxDelay/],
    ["jittered({ min: -1 })", () => Schedule.forever.jittered({ min: -1 }), /jittered\(\{ min \}\)/],
    ["jittered({ max < min })", () => Schedule.forever.jittered({ min: 1, max: 0.5 }), /jittered\(\{ max \}\).*>= 1/],
    ["jittered({ random: 3 })", () => Schedule.forever.jittered({ random: 3 as never }), /random.*expected a function/],
    ["whileInput(3)", () => Schedule.forever.whileInput(3 as never), /whileInput.*expected a function/],
    ["delays(-1)", () => Schedule.forever.delays(-1, undefined), /delays/],
  ])("%s", (_name, f, message) => {
    expect(f).toThrow(InvalidArgument)
    expect(f).toThrow(message)
  })
  it("a delay computed as NaN (a broken random) is reported when the schedule is asked", () => {
    const s = Schedule.fixed(10).jittered({ random: () => Number.NaN })
    expect(() => s.next({ attempt: 1, elapsed: 0, input: undefined })).toThrow(/computed the delay NaN/)
  })
})
