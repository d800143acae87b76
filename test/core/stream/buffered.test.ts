import { describe, expect, it } from "vitest"
import { buffered, Done, sleep, stream } from "@pollable/core"
import { contextOf, virtualTime } from "@pollable/core/testing"
import { Gate, Tracked } from "../scope/scope-helpers.js"
import { meter } from "./concurrent-helpers.js"

const setup = virtualTime

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
