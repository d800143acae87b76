import { describe, expect, it } from "vitest"
import { bufferUnordered, sleep, stream } from "@pollable/core"
import { contextOf, virtualTime } from "@pollable/core/testing"
import { Gate, Tracked } from "../scope/scope-helpers.js"
import { meter } from "./concurrent-helpers.js"

const setup = virtualTime

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
