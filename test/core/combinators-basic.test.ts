import { describe, expect, it } from "vitest"
import {
  FutureBase,
  Interrupted,
  InvalidArgument,
  Pending,
  PollAfterReady,
  andThen,
  fromCallback,
  fuse,
  gen,
  lazy,
  map,
  pending,
  pollFn,
  ready,
  settle,
  sleep,
  suspend,
  wrap,
  yieldNow,
  type Future,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "./probe.js"

const cx = contextOf()

describe("ready", () => {
  it("completes at the first poll, defaulting to undefined", () => {
    expect(ready(5).poll(cx)).toBe(5)
    expect(ready().poll(cx)).toBeUndefined()
  })
  it("cancel is a no-op that ends it", () => {
    const f = ready(1)
    f.cancel()
    expect(() => f.poll(cx)).toThrow(PollAfterReady)
    expect(checkNoLeaks(() => ready(1)).outcome).toEqual({ _tag: "Success", value: 1 })
  })
})

describe("pending", () => {
  it("never completes and registers nothing", () => {
    const w = new CountingWaker()
    const f = pending<number>()
    for (let i = 0; i < 3; i++) expect(f.poll(contextOf(w))).toBe(Pending)
    expect(w.count).toBe(0)
    f.cancel()
    expect(checkNoLeaks(() => pending(), 100)).toEqual({
      timers: 0,
      strayWakes: 0,
      outcome: { _tag: "Interrupted" },
      leaks: [],
    })
  })
})

describe("pollFn", () => {
  it("polls the function with the context and calls onCancel", () => {
    let n = 0
    let cancelled = 0
    const f = pollFn<string>(
      (c) => {
        expect(c).toBe(cx)
        return ++n === 3 ? "done" : Pending
      },
      () => cancelled++,
    )
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe("done")
    f.cancel()
    expect(cancelled).toBe(0) // already completed
    const g = pollFn(
      () => Pending,
      () => cancelled++,
    )
    g.poll(cx)
    g.cancel()
    g.cancel()
    expect(cancelled).toBe(1)
  })
  it("a throw is its failure", () => {
    const f = pollFn(() => {
      throw new Boom()
    })
    expect(() => f.poll(cx)).toThrow(Boom)
  })
})

describe("lazy and suspend", () => {
  it("lazy computes at the first poll", () => {
    let runs = 0
    const f = lazy(() => ++runs)
    expect(runs).toBe(0)
    expect(f.poll(cx)).toBe(1)
  })
  it("suspend builds the inner future once, at the first poll, and cancels it", () => {
    let builds = 0
    const p = new Probe()
    const f = suspend(() => {
      builds++
      return p
    })
    expect(builds).toBe(0)
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe(Pending)
    expect(builds).toBe(1)
    f.cancel()
    expect(p.cancels).toBe(1)
    expect(p.registered).toBe(false)
  })
  it("suspend cancelled before its first poll builds nothing", () => {
    let builds = 0
    const f = suspend(() => (builds++, ready(1)))
    f.cancel()
    expect(builds).toBe(0)
  })
  it("suspend over sleep leaves no timer after cancel", () => {
    checkNoLeaks(() => suspend(() => sleep(50)), 10)
  })
})

describe("map", () => {
  it("transforms the value; a throw in fn is the failure", () => {
    const ex = new ManualExecutor()
    expect(ex.blockOn(map(ready(2), (x) => x * 3))).toBe(6)
    expect(() =>
      ex.blockOn(
        map(ready(2), () => {
          throw new Boom()
        }),
      ),
    ).toThrow(Boom)
  })
  it("passes the source's failure through without calling fn", () => {
    let called = false
    const f = map(
      lazy(() => {
        throw new Boom()
      }),
      () => (called = true),
    )
    expect(() => f.poll(cx)).toThrow(Boom)
    expect(called).toBe(false)
  })
  it("chains of maps compose in order", () => {
    let f: Future<number, never> = ready(1)
    for (let i = 0; i < 10; i++) f = map(f, (x) => x * 2)
    expect(new ManualExecutor().blockOn(f)).toBe(1024)
  })
  it("cancel cancels the source", () => {
    const p = new Probe()
    const f = map(p, (x) => x)
    f.poll(cx)
    f.cancel()
    expect(p.cancels).toBe(1)
    checkNoLeaks(() => map(sleep(10), () => 1), 5)
  })
})

describe("andThen", () => {
  it("flattens the future fn returns, and carries both failures", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    expect(ex.blockOn(andThen(ready(2), (x) => map(sleep(5), () => x + 1)))).toBe(3)
    expect(() =>
      ex.blockOn(
        andThen(ready(2), () =>
          lazy(() => {
            throw new Boom()
          }),
        ),
      ),
    ).toThrow(Boom)
  })
  it("cancel cancels whichever future is running", () => {
    const a = new Probe("a")
    const b = new Probe("b")
    const f = andThen(a, () => b)
    f.poll(cx)
    a.resolve(1)
    expect(f.poll(cx)).toBe(Pending)
    expect(a.done).toBe(true)
    f.cancel()
    expect(a.cancels).toBe(0)
    expect(b.cancels).toBe(1)
  })
  it("1e5 left-nested steps run in constant stack", () => {
    let f: Future<number, never> = ready(0)
    for (let i = 0; i < 100_000; i++) f = andThen(f, (v) => ready(v + 1))
    expect(new ManualExecutor().blockOn(f)).toBe(100_000)
  })
  it("1e5 right-nested steps run in constant stack", () => {
    const count = (n: number): Future<number, never> =>
      n === 0 ? ready(0) : andThen(ready(n), (v) => map(count(n - 1), (r) => r + (v > 0 ? 1 : 0)))
    // build lazily: each continuation builds the next level only when it runs
    const lazyCount = (n: number): Future<number, never> =>
      andThen(ready(n), (v) => (v === 0 ? ready(0) : map(lazyCount(v - 1), (r) => r + 1)))
    expect(new ManualExecutor().blockOn(count(100))).toBe(100)
    expect(new ManualExecutor().blockOn(lazyCount(100_000))).toBe(100_000)
  })
  it("1e5 right-nested steps through pending futures", () => {
    const ex = new ManualExecutor()
    const loop = (n: number): Future<number, never> =>
      n === 0 ? ready(0) : andThen(yieldNow(), () => map(loop(n - 1), (r) => r + 1))
    expect(ex.blockOn(loop(20_000))).toBe(20_000)
  })
  it("cancel of a long chain mid-way leaves no timer", () => {
    checkNoLeaks(() => {
      let f: Future<number, never> = ready(0)
      for (let i = 0; i < 100; i++) f = andThen(f, (v) => map(sleep(1), () => v + 1))
      return f
    }, 50)
  })
})

describe("yieldNow", () => {
  it("is pending once with a self-wake, then ready", () => {
    const w = new CountingWaker()
    const f = yieldNow()
    expect(f.poll(contextOf(w))).toBe(Pending)
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBeUndefined()
  })
  it("lets another task run in between", () => {
    const ex = new ManualExecutor()
    const log: string[] = []
    const t = (name: string) =>
      gen(function* () {
        log.push(`${name}1`)
        yield* yieldNow()
        log.push(`${name}2`)
      })
    ex.spawn(t("a"))
    ex.spawn(t("b"))
    ex.runUntilStalled()
    expect(log).toEqual(["a1", "b1", "a2", "b2"])
  })
  it("cancel after the self-wake is a stray-free no-op for the executor", () => {
    const r = checkNoLeaks(() => yieldNow())
    expect(r.outcome?._tag).toBe("Success")
  })
})

describe("fuse", () => {
  it("returns Pending forever after the inner future finished", () => {
    const f = fuse(ready(1))
    expect(f.isTerminated).toBe(false)
    expect(f.poll(cx)).toBe(1)
    expect(f.isTerminated).toBe(true)
    expect(f.poll(cx)).toBe(Pending)
    expect(f.poll(cx)).toBe(Pending)
  })
  it("after a failure too, and after cancel", () => {
    const f = fuse(
      lazy(() => {
        throw new Boom()
      }),
    )
    expect(() => f.poll(cx)).toThrow(Boom)
    expect(f.poll(cx)).toBe(Pending)
    const p = new Probe()
    const g = fuse(p)
    g.poll(cx)
    g.cancel()
    expect(p.cancels).toBe(1)
    expect(g.isTerminated).toBe(true)
    expect(g.poll(cx)).toBe(Pending)
    g.cancel()
    expect(p.cancels).toBe(1)
  })
})

describe("fromCallback", () => {
  it("resolves from a later callback, waking the latest waker", () => {
    let done: ((v: string) => void) | undefined
    const f = fromCallback<string>((res) => {
      done = res
    })
    const w = new CountingWaker()
    expect(f.poll(contextOf(w))).toBe(Pending)
    done!("x")
    done!("y") // ignored
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBe("x")
  })
  it("resolves synchronously inside register", () => {
    expect(fromCallback<number>((res) => res(7)).poll(cx)).toBe(7)
  })
  it("rejects with the given error; a throw in register is the failure", () => {
    const f = fromCallback<number, Boom>((_res, rej) => rej(new Boom("cb")))
    expect(() => f.poll(cx)).toThrow("cb")
    expect(() =>
      fromCallback(() => {
        throw new Boom("reg")
      }).poll(cx),
    ).toThrow("reg")
  })
  it("cleans up on cancel and on completion, exactly once", () => {
    let cleanups = 0
    let res: ((v: number) => void) | undefined
    const f = fromCallback<number>((r) => {
      res = r
      return () => cleanups++
    })
    f.poll(cx)
    res!(1)
    expect(f.poll(cx)).toBe(1)
    expect(cleanups).toBe(1)
    f.cancel()
    expect(cleanups).toBe(1)
  })
  it("cancel before the first poll never registers", () => {
    let registered = false
    const f = fromCallback(() => {
      registered = true
    })
    f.cancel()
    expect(registered).toBe(false)
  })
  it("a timer-backed source leaves nothing behind on cancel", () => {
    const clock = new VirtualClock()
    const after = (ms: number) =>
      fromCallback<void>((done) => {
        const e = clock.schedule(clock.now() + ms, { wake: () => done() })
        return () => e.cancel()
      })
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(after(10))
    ex.runUntilStalled()
    expect(clock.pendingTimers).toBe(1)
    h.cancel()
    expect(clock.pendingTimers).toBe(0)
  })
})

describe("wrap", () => {
  it("makes a hand-written future yield*-able with rule 3 enforced", () => {
    const p = new Probe()
    const w = wrap(p)
    expect(w).toBeInstanceOf(FutureBase)
    const ex = new ManualExecutor()
    const h = ex.spawn(
      gen(function* () {
        return (yield* w) + 1
      }),
    )
    ex.runUntilStalled()
    p.resolve(41)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 42 })
    expect(() => w.poll(cx)).toThrow(PollAfterReady)
  })
  it("passes core futures through and forwards cancel", () => {
    const r = ready(1)
    expect(wrap(r)).toBe(r)
    const p = new Probe()
    const w = wrap(p)
    w.poll(cx)
    w.cancel()
    expect(p.cancels).toBe(1)
  })
})

describe("settle", () => {
  it("never fails: it completes with the outcome", () => {
    const ex = new ManualExecutor()
    expect(ex.blockOn(settle(ready(1)))).toEqual({ _tag: "Success", value: 1 })
    expect(
      ex.blockOn(
        settle(
          lazy(() => {
            throw new Boom()
          }),
        ),
      ),
    ).toMatchObject({ _tag: "Failure" })
    expect(
      ex.blockOn(
        settle(
          lazy(() => {
            throw new Interrupted()
          }),
        ),
      ),
    ).toEqual({ _tag: "Interrupted" })
  })
  it("cancel cancels the inner future", () => {
    const p = new Probe()
    const f = settle(p)
    f.poll(cx)
    f.cancel()
    expect(p.cancels).toBe(1)
    checkNoLeaks(() => settle(sleep(10)), 1)
  })
})

describe("andThen returning a non-future", () => {
  it("fails with InvalidArgument naming the fix", () => {
    const f = andThen(ready(1), () => 5 as unknown as Future<number>)
    expect(() => f.poll(cx)).toThrow(InvalidArgument)
    expect(() => andThen(ready(1), () => 5 as unknown as Future<number>).poll(cx)).toThrow(
      /fn returned number, not a future.*ready\(value\)/,
    )
  })
})
