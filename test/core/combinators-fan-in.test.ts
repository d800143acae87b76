import { describe, expect, it } from "vitest"
import {
  InvalidArgument,
  Pending,
  join,
  joinAll,
  map,
  race,
  ready,
  scope,
  select,
  selectAll,
  sleep,
  stream,
  tryJoin,
  tryJoinAll,
  yieldNow,
  type Future,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Bang, Boom, Probe } from "./probe.js"

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

describe("nested fan-ins", () => {
  it("a wake inside a join nested in a join re-polls only that branch, not its siblings", () => {
    const [a, b, c, d] = probes(4)
    const w = new CountingWaker()
    const f = join(join(a!, b!), c!, d!)
    expect(f.poll(contextOf(w))).toBe(Pending)
    expect([a!.polls, b!.polls, c!.polls, d!.polls]).toEqual([1, 1, 1, 1])
    a!.resolve(1)
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBe(Pending)
    // only the inner join's woken child is polled again; c and d did not wake
    expect([a!.polls, b!.polls, c!.polls, d!.polls]).toEqual([2, 1, 1, 1])
    b!.resolve(2)
    c!.resolve(3)
    d!.resolve(4)
    expect(f.poll(contextOf(w))).toEqual([[1, 2], 3, 4])
  })

  it("a scope, a stream next() and a merge nested in a join wake only their own branch", () => {
    const check = (make: (inner: Probe) => Future<unknown, unknown>) => {
      const [inner, c, d] = probes(3)
      const w = new CountingWaker()
      const f = join(make(inner!), c!, d!)
      expect(f.poll(contextOf(w))).toBe(Pending)
      expect([c!.polls, d!.polls]).toEqual([1, 1])
      inner!.resolve(1)
      expect(w.count).toBe(1)
      f.poll(contextOf(w))
      expect([c!.polls, d!.polls]).toEqual([1, 1])
    }
    check((p) =>
      scope(function* (s) {
        return yield* s.spawn(p)
      }),
    )
    const once = (p: Probe) => stream.unfold(0, (n) => map(p, (v) => (n === 0 ? ([v, 1] as const) : undefined)))
    check((p) => stream.next(once(p)))
    check((p) => stream.next(stream.merge(once(p), stream.fromIterable<number>([]))))
    check((p) => selectAll([p, probes(1)[0]!]))
  })
})
