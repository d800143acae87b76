import { describe, expect, it } from "vitest"
import { Pending, join, joinAll, map, ready, selectAll, sleep, tryJoin, tryJoinAll, yieldNow } from "@pollable/core"
import { ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Bang, Boom, Probe } from "../../support/probe.js"

const cx = contextOf()
const probes = (n: number) => Array.from({ length: n }, (_, i) => new Probe(`p${i}`))

describe("join", () => {
  it("leaves the caller's array as it was (joinAll, tryJoinAll, selectAll, and spread join)", () => {
    const ex = new ManualExecutor()
    const check = (run: (given: Probe[]) => unknown) => {
      const ps = probes(3)
      const given = [...ps]
      const h = ex.spawn(run(given) as never)
      ex.runUntilStalled()
      ps.forEach((p, i) => p.resolve(i))
      ex.runUntilStalled()
      expect(given).toEqual(ps)
      return h.outcome
    }
    expect(check((g) => joinAll(g))).toEqual({ _tag: "Success", value: [0, 1, 2] })
    expect(check((g) => tryJoinAll(g))).toEqual({ _tag: "Success", value: [0, 1, 2] })
    expect(check((g) => join(...g))).toEqual({ _tag: "Success", value: [0, 1, 2] })
    expect(check((g) => selectAll(g))).toEqual({ _tag: "Success", value: { index: 0, value: 0 } })
  })

  it("waits for all and keeps argument order", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const v = ex.blockOn(
      join(
        map(sleep(30), () => "a"),
        map(sleep(10), () => 1),
        ready(true),
      ),
    )
    expect(v).toEqual(["a", 1, true])
    expect(clock.now()).toBe(30)
  })
  it("of nothing is ready with []", () => {
    expect(join().poll(cx)).toEqual([])
  })
  it("polls only the child that woke", () => {
    const ps = probes(100)
    const f = join(...ps)
    expect(f.poll(cx)).toBe(Pending)
    ps[42]!.resolve(1)
    expect(f.poll(cx)).toBe(Pending)
    expect(ps.reduce((n, p) => n + p.polls, 0)).toBe(101)
  })
  it("on a failure keeps running the others, then throws the first failure", () => {
    const [a, b, c] = probes(3)
    const f = join(a!, b!, c!)
    f.poll(cx)
    b!.reject(new Boom("first"))
    a!.reject(new Bang("second"))
    expect(f.poll(cx)).toBe(Pending)
    expect(c!.cancels).toBe(0)
    c!.resolve(1)
    expect(() => f.poll(cx)).toThrow("first")
  })
  it("cancel cancels every unfinished child", () => {
    const [a, b] = probes(2)
    const f = join(a!, b!)
    f.poll(cx)
    a!.resolve(1)
    f.poll(cx)
    f.cancel()
    expect(a!.cancels).toBe(0)
    expect(b!.cancels).toBe(1)
    checkNoLeaks(() => join(sleep(10), sleep(20)), 15)
  })
  it("does not wake its parent after completion (no stray wakes)", () => {
    expect(checkNoLeaks(() => join(sleep(1), sleep(2), yieldNow()))).toMatchObject({
      strayWakes: 0,
      timers: 0,
      outcome: { _tag: "Success" },
    })
  })
})

describe("joinAll", () => {
  it("joins an iterable of any length in order", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    function* gen() {
      for (let i = 0; i < 1000; i++) yield map(sleep(1000 - i), () => i)
    }
    const v = ex.blockOn(joinAll(gen()))
    expect(v.length).toBe(1000)
    expect(v[0]).toBe(0)
    expect(v[999]).toBe(999)
  })
  it("cancel cancels all", () => {
    const ps = probes(5)
    const f = joinAll(ps)
    f.poll(cx)
    f.cancel()
    expect(ps.every((p) => p.cancels === 1)).toBe(true)
  })
})

describe("tryJoin / tryJoinAll", () => {
  it("the first failure cancels the others and is rethrown", () => {
    const [a, b, c] = probes(3)
    const f = tryJoin(a!, b!, c!)
    f.poll(cx)
    a!.resolve(1)
    b!.reject(new Boom("b failed"))
    expect(() => f.poll(cx)).toThrow("b failed")
    expect(a!.cancels).toBe(0) // already finished
    expect(c!.cancels).toBe(1)
    expect(c!.registered).toBe(false)
  })
  it("succeeds like join when nothing fails", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    expect(
      ex.blockOn(
        tryJoin(
          map(sleep(2), () => 1),
          ready("x"),
        ),
      ),
    ).toEqual([1, "x"])
    expect(ex.blockOn(tryJoinAll([ready(1), ready(2)]))).toEqual([1, 2])
  })
  it("leaves no timers when failing fast", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const failing = map(sleep(5), () => {
      throw new Boom()
    })
    expect(() => ex.blockOn(tryJoinAll([sleep(100), failing, sleep(50)]))).toThrow(Boom)
    expect(clock.now()).toBe(5)
    expect(clock.pendingTimers).toBe(0)
  })
  it("cancel cancels every child", () => {
    const ps = probes(3)
    const f = tryJoinAll(ps)
    f.poll(cx)
    f.cancel()
    expect(ps.map((p) => p.cancels)).toEqual([1, 1, 1])
  })
})
