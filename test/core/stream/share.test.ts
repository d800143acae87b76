import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Done, InvalidArgument, Pending, map, sleep, stream } from "@pollable/core"
import {
  CountingWaker,
  ExploringExecutor,
  ManualExecutor,
  VirtualClock,
  contextOf,
  type Choose,
} from "@pollable/core/testing"
import { Source } from "./stream-helpers.js"
import { Boom } from "../../support/probe.js"

describe("stream.share", () => {
  it("every subscriber sees every item from when it subscribed; the source is polled once per item", () => {
    const src = new Source<number>()
    const shared = stream.share(src)
    const a = shared.subscribe()
    const b = shared.subscribe()
    const cx = contextOf()
    src.push(1, 2)
    expect([a.pollNext(cx), a.pollNext(cx)]).toEqual([1, 2])
    expect([b.pollNext(cx), b.pollNext(cx)]).toEqual([1, 2]) // kept for the slower one
    const c = shared.subscribe() // late: only new items
    src.push(3)
    src.end()
    expect([a.pollNext(cx), b.pollNext(cx), c.pollNext(cx)]).toEqual([3, 3, 3])
    expect([a.pollNext(cx), b.pollNext(cx), c.pollNext(cx)]).toEqual([Done, Done, Done])
  })
  it("replay: a late subscriber starts with the latest items", () => {
    const shared = stream.share(stream.fromIterable([1, 2, 3, 4]), { replay: 2 })
    const cx = contextOf()
    const a = shared.subscribe()
    for (let i = 0; i < 4; i++) a.pollNext(cx)
    const late = shared.subscribe()
    expect([late.pollNext(cx), late.pollNext(cx), late.pollNext(cx)]).toEqual([3, 4, Done])
  })
  it("a waiting subscriber is woken when another one pulls the item it waits for", () => {
    const src = new Source<string>()
    const shared = stream.share(src)
    const a = shared.subscribe()
    const b = shared.subscribe()
    const wa = new CountingWaker()
    expect(a.pollNext(contextOf(wa))).toBe(Pending)
    expect(b.pollNext(contextOf())).toBe(Pending)
    src.push("x")
    expect(wa.count).toBe(1) // woken through the hub, whoever polls first
    expect(b.pollNext(contextOf())).toBe("x")
    expect(a.pollNext(contextOf())).toBe("x")
  })
  it("cancelling one subscriber lets the others go on; the last one leaving cancels the source", () => {
    const src = new Source<number>()
    const shared = stream.share(src)
    const a = shared.subscribe()
    const b = shared.subscribe()
    a.cancel()
    src.push(1)
    expect(b.pollNext(contextOf())).toBe(1)
    expect(src.cancels).toBe(0)
    b.cancel()
    expect(src.cancels).toBe(1)
    expect(shared.subscribers).toBe(0)
  })
  it("a failure reaches every subscriber after the items before it", () => {
    const src = new Source<number>()
    const shared = stream.share(src)
    const a = shared.subscribe()
    const b = shared.subscribe()
    src.push(1)
    expect(a.pollNext(contextOf())).toBe(1)
    src.fail(new Boom())
    expect(() => a.pollNext(contextOf())).toThrow(Boom)
    expect(b.pollNext(contextOf())).toBe(1)
    expect(() => b.pollNext(contextOf())).toThrow(Boom)
  })
  it("a cancelled next() loses no item and leaves no waiter", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const shared = stream.share(stream.andThen(stream.fromIterable([1, 2]), (x) => map(sleep(10), () => x)))
    const a = shared.subscribe()
    const h = ex.spawn(map(a.next(), (x) => x))
    ex.runUntilStalled()
    h.cancel()
    expect(ex.blockOn(stream.collect(a))).toEqual([1, 2])
  })
  it("InvalidArgument for a bad replay", () => {
    expect(() => stream.share(stream.fromIterable([]), { replay: -1 })).toThrow(InvalidArgument)
  })
  it("schedule exploration: concurrent subscribers get the same sequence, nothing left behind — 300 schedules", () => {
    fc.assert(
      fc.property(
        fc.infiniteStream(fc.nat()),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (choices, gaps, n, spurious) => {
          const it = choices[Symbol.iterator]()
          const choose: Choose = (k) => (it.next().value as number) % k
          const clock = new VirtualClock()
          const ex = new ExploringExecutor({ choose, clock, spuriousEvery: spurious ? 3 : 0 })
          const shared = stream.share(
            stream.andThen(stream.fromIterable(gaps.map((g, i) => [g, i] as const)), ([g, i]) =>
              map(sleep(g), () => i),
            ),
          )
          const subs = Array.from({ length: n }, () => shared.subscribe())
          const hs = subs.map((s) => ex.spawn(stream.collect(s)))
          ex.run()
          for (const h of hs) expect(h.outcome).toEqual({ _tag: "Success", value: gaps.map((_, i) => i) })
          expect(shared.subscribers).toBe(0)
          expect(ex.liveTasks).toBe(0)
          expect(ex.strayWakes).toBe(0)
          expect(clock.pendingTimers).toBe(0)
        },
      ),
      { numRuns: 300 },
    )
  })
})
