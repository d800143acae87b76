import { describe, expect, it } from "vitest"
import { InvalidArgument, map, race, select, selectAll, sleep } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

const cx = contextOf()
const probes = (n: number) => Array.from({ length: n }, (_, i) => new Probe(`p${i}`))

describe("select", () => {
  it("the first to finish wins; its index and value are reported; losers are cancelled", () => {
    const [a, b, c] = probes(3)
    const f = select(a!, b!, c!)
    f.poll(cx)
    b!.resolve(7)
    expect(f.poll(cx)).toEqual({ index: 1, value: 7 })
    expect(a!.cancels).toBe(1)
    expect(c!.cancels).toBe(1)
    expect(b!.cancels).toBe(0)
  })
  it("ties go to the earliest argument, whatever the wake order", () => {
    const [a, b, c] = probes(3)
    const f = select(a!, b!, c!)
    f.poll(cx)
    c!.resolve(3)
    b!.resolve(2)
    expect(f.poll(cx)).toEqual({ index: 1, value: 2 })
    expect(c!.polls).toBe(1) // c was not polled again: its value is not consumed and lost
    expect(c!.cancels).toBe(1)
  })
  it("two timers with the same deadline: the first argument wins", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    expect(
      ex.blockOn(
        select(
          map(sleep(10), () => "a"),
          map(sleep(10), () => "b"),
        ),
      ),
    ).toEqual({ index: 0, value: "a" })
    expect(
      ex.blockOn(
        select(
          map(sleep(11), () => "a"),
          map(sleep(10), () => "b"),
        ),
      ),
    ).toEqual({ index: 1, value: "b" })
  })
  it("a failure of the first to finish fails the select and cancels the rest", () => {
    const [a, b] = probes(2)
    const f = select(a!, b!)
    f.poll(cx)
    a!.reject(new Boom("lost"))
    expect(() => f.poll(cx)).toThrow("lost")
    expect(b!.cancels).toBe(1)
  })
  it("of nothing is an InvalidArgument", () => {
    expect(() => select()).toThrow(InvalidArgument)
    expect(() => selectAll([])).toThrow(/selectAll\(\): no futures given.*pass at least one future/)
    expect(() => race()).toThrow(InvalidArgument)
  })
  it("cancel cancels every child, leaving no timer", () => {
    const ps = probes(2)
    const f = select(...ps)
    f.poll(cx)
    f.cancel()
    expect(ps.map((p) => p.cancels)).toEqual([1, 1])
    checkNoLeaks(() => select(sleep(10), sleep(20)), 5)
    expect(checkNoLeaks(() => select(sleep(10), sleep(20))).outcome?._tag).toBe("Success")
  })
})

describe("selectAll", () => {
  it("selects over an iterable", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const delays = [50, 20, 30, 20]
    expect(ex.blockOn(selectAll(delays.map((d) => map(sleep(d), () => d))))).toEqual({ index: 1, value: 20 })
    expect(clock.pendingTimers).toBe(0)
  })
})

describe("race", () => {
  it("gives the winner's value only", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    expect(
      ex.blockOn(
        race(
          map(sleep(5), () => "slow"),
          map(sleep(1), () => "fast"),
        ),
      ),
    ).toBe("fast")
  })
  it("cancels losers and leaves no timer", () => {
    checkNoLeaks(() => race(sleep(1), sleep(100)))
    const [a, b] = probes(2)
    const f = race(a!, b!)
    const w = new CountingWaker()
    f.poll(contextOf(w))
    a!.resolve(1)
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBe(1)
    expect(b!.cancels).toBe(1)
  })
})
