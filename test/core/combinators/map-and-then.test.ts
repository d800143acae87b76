import { describe, expect, it } from "vitest"
import { InvalidArgument, Pending, andThen, lazy, map, ready, sleep, yieldNow, type Future } from "@pollable/core"
import { ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

const cx = contextOf()

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

describe("andThen returning a non-future", () => {
  it("fails with InvalidArgument naming the fix", () => {
    const f = andThen(ready(1), () => 5 as unknown as Future<number>)
    expect(() => f.poll(cx)).toThrow(InvalidArgument)
    expect(() => andThen(ready(1), () => 5 as unknown as Future<number>).poll(cx)).toThrow(
      /fn returned number, not a future.*ready\(value\)/,
    )
  })
})
