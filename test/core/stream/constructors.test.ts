import { describe, expect, it } from "vitest"
import { Done, MissingCapability, Pending, map as mapF, sleep, stream, type Context } from "@pollable/core"
import { checkNoLeaks, contextOf, CountingWaker, virtualTime } from "@pollable/core/testing"

const setup = virtualTime

describe("constructors", () => {
  it("fromIterable is lazy and yields every item then Done", () => {
    let created = 0
    function* g() {
      created++
      yield 1
      yield 2
    }
    const s = stream.fromIterable({ [Symbol.iterator]: g })
    expect(created).toBe(0)
    const { ex } = setup()
    expect(ex.blockOn(stream.collect(s))).toEqual([1, 2])
    expect(created).toBe(1)
  })

  it("fromIterable: cancel calls the iterator's return()", () => {
    let finalized = false
    function* g() {
      try {
        yield 1
        yield 2
      } finally {
        finalized = true
      }
    }
    const s = stream.fromIterable(g())
    expect(s.pollNext(contextOf())).toBe(1)
    s.cancel()
    expect(finalized).toBe(true)
  })

  it("fromIterable rejects a non-iterable", () => {
    expect(() => stream.fromIterable(3 as any)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
  })

  it("fromAsyncIterable yields items, wakes the latest waker, and ends", async () => {
    async function* g() {
      yield 1
      await null
      yield 2
    }
    const s = stream.fromAsyncIterable(g())
    const w = new CountingWaker()
    const got: number[] = []
    for (let i = 0; i < 20 && !s.terminated; i++) {
      const r = s.pollNext(contextOf(w))
      if (r === Pending) await new Promise((res) => setTimeout(res, 0))
      else if (r !== Done) got.push(r as number)
    }
    expect(got).toEqual([1, 2])
    expect(s.terminated).toBe(true)
    expect(w.count).toBeGreaterThan(0)
  })

  it("fromAsyncIterable: cancel calls return() (finally runs) and ignores the in-flight item", async () => {
    let finalized = false
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    async function* g() {
      try {
        yield 1
        await gate
        yield 2
      } finally {
        finalized = true
      }
    }
    const s = stream.fromAsyncIterable(g())
    const w = new CountingWaker()
    expect(s.pollNext(contextOf(w))).toBe(Pending)
    await new Promise((r) => setTimeout(r, 0))
    expect(s.pollNext(contextOf(w))).toBe(1)
    expect(s.pollNext(contextOf(w))).toBe(Pending) // next() now waits on the gate
    const before = w.count
    s.cancel()
    release()
    await new Promise((r) => setTimeout(r, 0))
    expect(finalized).toBe(true)
    expect(w.count).toBe(before) // no callback ran after cancel (rule 4)
  })

  it("fromAsyncIterable: a rejection fails the stream", async () => {
    async function* g(): AsyncGenerator<number> {
      throw new Error("bad source")
    }
    const s = stream.fromAsyncIterable(g())
    expect(s.pollNext(contextOf())).toBe(Pending)
    await new Promise((r) => setTimeout(r, 0))
    expect(() => s.pollNext(contextOf())).toThrow("bad source")
  })

  it("interval ticks on the executor clock, first tick after ms, missed ticks skipped", () => {
    const { clock, ex } = setup()
    const ticks: [number, number][] = []
    const h = ex.spawn(stream.forEach(stream.interval(10), (n) => void ticks.push([n, clock.now()])))
    ex.runUntilStalled()
    clock.advance(35)
    expect(ticks).toEqual([
      [0, 10],
      [1, 20],
      [2, 30],
    ])
    h.cancel()
    expect(clock.pendingTimers).toBe(0)
  })

  it("interval skips missed ticks when the consumer is late", () => {
    const s = stream.interval(10)
    let now = 0
    const timer = { now: () => now, schedule: () => ({ cancel() {} }) }
    const cx: Context = { waker: new CountingWaker(), timer }
    expect(s.pollNext(cx)).toBe(Pending)
    now = 55
    expect(s.pollNext(cx)).toBe(0)
    expect(s.pollNext(cx)).toBe(Pending) // next tick at 60, not a burst
    now = 60
    expect(s.pollNext(cx)).toBe(1)
  })

  it("interval without a timer fails with MissingCapability; bad periods throw", () => {
    expect(() => stream.interval(10).pollNext(contextOf())).toThrow(MissingCapability)
    expect(() => stream.interval(0)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
    expect(() => stream.interval(Number.NaN)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
  })

  it("interval: cancel leaves no timer (leak check)", () => {
    expect(checkNoLeaks(() => stream.collect(stream.interval(5)), 12)).toMatchObject({ timers: 0, strayWakes: 0 })
  })

  it("unfold builds a stream from a state and a step future", () => {
    const { ex } = setup()
    const s = stream.unfold(1, (n) => mapF(sleep(1), () => (n > 3 ? undefined : ([n * 10, n + 1] as const))))
    expect(ex.blockOn(stream.collect(s))).toEqual([10, 20, 30])
  })

  it("unfold: cancelling cancels the step in flight (no timer left)", () => {
    expect(
      checkNoLeaks(() => stream.collect(stream.unfold(0, (n) => mapF(sleep(10), () => [n, n + 1] as const))), 25),
    ).toMatchObject({
      timers: 0,
      strayWakes: 0,
    })
  })
})
