import { describe, expect, it } from "vitest"
import { buffered, Done, mapConcurrent, stream } from "@pollable/core"
import { virtualTime } from "@pollable/core/testing"
import { Boom } from "../scope/scope-helpers.js"
import { meter } from "./concurrent-helpers.js"

const setup = virtualTime

describe("mapConcurrent", () => {
  it("cancelling the stream cancels every future in flight and the source", () => {
    const { clock, ex } = setup()
    const m = meter()
    for (const ordered of [false, true]) {
      const src = stream.fromIterable([1, 2, 3, 4, 5])
      const h = ex.spawn(stream.collect(mapConcurrent(src, 3, (i) => m.fetch(100, i), { ordered })))
      clock.advance(1)
      expect(m.inFlight).toBe(3)
      h.cancel()
      expect(m.inFlight).toBe(0)
      expect(src.terminated).toBe(true)
      expect(clock.pendingTimers).toBe(0)
    }
  })

  it("f throwing fails the stream and cancels what is in flight", () => {
    const { clock, ex } = setup()
    const m = meter()
    const s = mapConcurrent(stream.fromIterable([1, 2, 3]), 2, (i) => {
      if (i === 3) throw new Boom("f")
      return m.fetch(50, i)
    })
    // 1 and 2 start; 3 is mapped only when a slot frees (t=50), and f throws then
    expect(() => ex.blockOn(stream.collect(s))).toThrow("boom f")
    expect(m.inFlight).toBe(0)
    expect(clock.pendingTimers).toBe(0)
  })

  it("rejects bad n, f and options with InvalidArgument at the call", () => {
    const src = () => stream.fromIterable([1])
    const f = (i: number) => meter().fetch(1, i)
    expect(() => mapConcurrent(src(), 0, f)).toThrow(/mapConcurrent\(source, n, f\): expected an integer >= 1, got 0/)
    expect(() => mapConcurrent(src(), 1.5, f)).toThrow(/integer >= 1/)
    expect(() => mapConcurrent(src(), 2, "f" as never)).toThrow(/expected a function, got string/)
    expect(() => mapConcurrent(src(), 2, f, { ordered: "yes" as never })).toThrow(
      /ordered must be a boolean, got string/,
    )
    expect(() => mapConcurrent(src(), 2, f, 1 as never)).toThrow(/expected an options object, got number/)
    expect(() => buffered(src() as never, 0)).toThrow(/buffered\(source, n\)/)
  })

  it("calls f only when a slot is free", () => {
    const { ex } = setup()
    const m = meter()
    const calls: number[] = []
    const s = mapConcurrent(stream.fromIterable([5, 1, 3, 2]), 2, (ms) => {
      calls.push(ms)
      return m.fetch(ms, ms)
    })
    // t=0: 5 and 1 start; t=1: 1 done, 3 starts; t=4: 3 done, 2 starts; t=5: 5; t=6: 2
    expect(ex.blockOn(stream.collect(s))).toEqual([1, 3, 5, 2])
    expect(calls).toEqual([5, 1, 3, 2])
    expect(m.max).toBe(2)
  })

  it("ordered: true keeps source order", () => {
    const { ex } = setup()
    const m = meter()
    const s = mapConcurrent(stream.fromIterable([5, 1, 3, 2]), 3, (ms) => m.fetch(ms, ms), { ordered: true })
    expect(ex.blockOn(stream.collect(s))).toEqual([5, 1, 3, 2])
  })

  it("fetch N pages with at most 4 in flight; cancel all on first error", () => {
    const { clock, ex } = setup()
    const m = meter()
    const pages = Array.from({ length: 20 }, (_, i) => i)
    // pages take 10 ms; page 6 fails after 1 ms: 0-3 at t=0..10, 4-7 from t=10, 6 fails at t=11
    const fetchPage = (n: number) => m.fetch(n === 6 ? 1 : 10, n, n === 6)
    const fetchAll = (ns: readonly number[]) =>
      stream.collect(mapConcurrent(stream.fromIterable(ns), 4, fetchPage, { ordered: true }))
    expect(() => ex.blockOn(fetchAll(pages))).toThrow("boom 6")
    expect(m.max).toBe(4)
    expect(m.inFlight).toBe(0) // the others in flight were cancelled
    expect(m.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(clock.now()).toBe(11)
    expect(clock.pendingTimers).toBe(0)
    expect(ex.blockOn(fetchAll([1, 2, 3, 4, 5]))).toEqual([1, 2, 3, 4, 5])
    expect(Done).toBe(Symbol.for("pollable.Done"))
  })
})
