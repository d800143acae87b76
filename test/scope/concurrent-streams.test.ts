import { describe, expect, it } from "vitest"
import { buffered, bufferUnordered, Done, gen, mapConcurrent, sleep, stream, type Future } from "@pollable/core"
import { contextOf, virtualTime } from "@pollable/core/testing"
import { Boom, Gate, Tracked } from "./helpers.js"

const setup = virtualTime

/** A fetch stand-in that records how many run at once. */
const meter = () => {
  let now = 0
  let max = 0
  const started: number[] = []
  const fetch = (ms: number, v: number, fail = false): Future<number, Boom> =>
    gen(function* () {
      started.push(v)
      now++
      max = Math.max(max, now)
      try {
        yield* sleep(ms)
        if (fail) throw new Boom(String(v))
        return v
      } finally {
        now--
      }
    })
  return {
    fetch,
    started,
    get max() {
      return max
    },
    get inFlight() {
      return now
    },
  }
}

describe("bufferUnordered", () => {
  it("runs at most n at a time and emits in completion order", () => {
    const { clock, ex } = setup()
    const m = meter()
    const futures = [30, 10, 20, 5, 1].map((ms, i) => m.fetch(ms, i))
    const out = ex.blockOn(stream.collect(bufferUnordered(stream.fromIterable(futures), 2)))
    // t=0: 0(30ms) and 1(10ms) start; t=10: 1 done, 2(20ms) starts; t=30: 0 and 2 done,
    // 3(5ms) and 4(1ms) start as slots free; t=31: 4; t=35: 3
    expect(out).toEqual([1, 0, 2, 4, 3])
    expect(m.max).toBe(2)
    expect(clock.pendingTimers).toBe(0)
  })

  it("polls each in-flight future at most once per pollNext, and only when woken", () => {
    const gates = [new Gate<number>("a"), new Gate<number>("b"), new Gate<number>("c")]
    const s = bufferUnordered(stream.fromIterable(gates), 3)
    const cx = contextOf()
    expect(s.pollNext(cx)).toBe(Symbol.for("pollable.Pending"))
    expect(gates.map((g) => g.polls)).toEqual([1, 1, 1])
    expect(s.pollNext(cx)).toBe(Symbol.for("pollable.Pending")) // spurious: nobody woken
    expect(gates.map((g) => g.polls)).toEqual([1, 1, 1])
    gates[1]!.open(10)
    gates[2]!.open(20)
    expect(s.pollNext(cx)).toBe(10)
    expect(gates.map((g) => g.polls)).toEqual([1, 2, 1]) // stopped after the first item
    expect(s.pollNext(cx)).toBe(20)
    expect(gates.map((g) => g.polls)).toEqual([1, 2, 2])
    s.cancel()
    expect(gates.map((g) => g.cancels)).toEqual([1, 0, 0])
  })

  it("the first failure fails the stream and cancels everything in flight and the source", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const m = meter()
    const futures = [
      new Tracked("slow", m.fetch(100, 0), log),
      new Tracked("bad", m.fetch(5, 1, true), log),
      new Tracked("queued", m.fetch(1, 2), log),
    ]
    const src = stream.fromIterable(futures)
    expect(() => ex.blockOn(stream.collect(bufferUnordered(src, 2)))).toThrow("boom 1")
    expect(log).toEqual(["bad:err", "slow:cancel"])
    expect(m.started).toEqual([0, 1]) // "queued" never started
    expect(m.inFlight).toBe(0)
    expect(clock.pendingTimers).toBe(0)
    expect(src.terminated).toBe(true)
  })

  it("cancelling the stream cancels every member at once", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const s = bufferUnordered(stream.fromIterable([0, 1, 2].map((i) => new Tracked(`m${i}`, sleep(100), log))), 3)
    const h = ex.spawn(stream.collect(s))
    clock.advance(1)
    h.cancel()
    expect(log).toEqual(["m2:cancel", "m1:cancel", "m0:cancel"])
    expect(clock.pendingTimers).toBe(0)
    expect(ex.strayWakes).toBe(0)
  })

  it("rejects n < 1 and a source of non-futures", () => {
    expect(() => bufferUnordered(stream.fromIterable([]), 0)).toThrow(
      expect.objectContaining({ name: "InvalidArgument" }),
    )
    const { ex } = setup()
    expect(() => ex.blockOn(stream.collect(bufferUnordered(stream.fromIterable([1 as never]), 1)))).toThrow(
      /not a future/,
    )
  })
})

describe("buffered", () => {
  it("emits in source order with at most n in flight", () => {
    const { ex } = setup()
    const m = meter()
    const futures = [30, 10, 20, 5, 1].map((ms, i) => m.fetch(ms, i))
    expect(ex.blockOn(stream.collect(buffered(stream.fromIterable(futures), 2)))).toEqual([0, 1, 2, 3, 4])
    expect(m.max).toBe(2)
  })

  it("fails as soon as one fails (not in its turn) and cancels the rest", () => {
    const { clock, ex } = setup()
    const m = meter()
    const seen: number[] = []
    const s = buffered(stream.fromIterable([m.fetch(10, 0), m.fetch(1, 1, true), m.fetch(50, 2)]), 3)
    expect(() =>
      ex.blockOn(
        stream.forEach(s, (v) => {
          seen.push(v)
        }),
      ),
    ).toThrow("boom 1")
    expect(seen).toEqual([])
    expect(clock.now()).toBe(1)
    expect(m.inFlight).toBe(0)
    expect(clock.pendingTimers).toBe(0)
  })
})

describe("buffered: polling and cancel", () => {
  it("polls each in-flight future at most once per pollNext, and only when woken", () => {
    const gates = [new Gate<number>("a"), new Gate<number>("b"), new Gate<number>("c")]
    const s = buffered(stream.fromIterable(gates), 3)
    const cx = contextOf()
    expect(s.pollNext(cx)).toBe(Symbol.for("pollable.Pending"))
    expect(gates.map((g) => g.polls)).toEqual([1, 1, 1])
    expect(s.pollNext(cx)).toBe(Symbol.for("pollable.Pending")) // spurious: nobody woken
    expect(gates.map((g) => g.polls)).toEqual([1, 1, 1])
    gates[2]!.open(30)
    gates[1]!.open(20)
    expect(s.pollNext(cx)).toBe(Symbol.for("pollable.Pending")) // "a" is first in source order
    expect(gates.map((g) => g.polls)).toEqual([1, 2, 2])
    gates[0]!.open(10)
    expect(s.pollNext(cx)).toBe(10)
    expect(s.pollNext(cx)).toBe(20) // finished ones are not polled again
    expect(s.pollNext(cx)).toBe(30)
    expect(gates.map((g) => g.polls)).toEqual([2, 2, 2])
    expect(s.pollNext(cx)).toBe(Done)
  })

  it("cancelling the stream cancels every member at once, and the source", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const src = stream.fromIterable([0, 1, 2, 3].map((i) => new Tracked(`m${i}`, sleep(100), log)))
    const h = ex.spawn(stream.collect(buffered(src, 3)))
    clock.advance(1)
    h.cancel()
    expect(log).toEqual(["m2:cancel", "m1:cancel", "m0:cancel"]) // m3 was never pulled
    expect(clock.pendingTimers).toBe(0)
    expect(ex.strayWakes).toBe(0)
    expect(src.terminated).toBe(true)
  })
})

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
