import { describe, expect, it } from "vitest"
import {
  Done,
  InvalidArgument,
  MissingCapability,
  Pending,
  PollAfterReady,
  TimeoutError,
  gen,
  map,
  sleep,
  stream,
  timeout as futureTimeout,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Source } from "./stream-helpers.js"
import { Boom } from "../../support/probe.js"

const of = <T>(...xs: T[]) => stream.fromIterable(xs)
const ex0 = new ManualExecutor()
const collect = <T>(s: Parameters<typeof stream.collect<T, unknown>>[0]) =>
  new ManualExecutor({ timer: new VirtualClock() }).blockOn(stream.collect(s))

describe("skip / skipWhile / takeWhile", () => {
  it("skip(n) drops the first n", () => {
    expect(collect(stream.skip(of(1, 2, 3, 4), 2))).toEqual([3, 4])
    expect(collect(stream.skip(of(1, 2), 5))).toEqual([])
  })
  it("skipWhile drops until the predicate first fails, then passes everything", () => {
    expect(collect(stream.skipWhile(of(1, 2, 5, 1, 7), (x) => x < 3))).toEqual([5, 1, 7])
  })
  it("takeWhile stops at the first item that fails and cancels the source", () => {
    const src = new Source<number>()
    src.push(1, 2, 9, 3)
    const s = stream.takeWhile(src, (x) => x < 5)
    const cx = contextOf()
    expect([s.pollNext(cx), s.pollNext(cx), s.pollNext(cx)]).toEqual([1, 2, Done])
    expect(src.cancels).toBe(1)
  })
  it("skip over a long ready source yields to the executor (rule 5)", () => {
    const w = new CountingWaker()
    const s = stream.skip(stream.fromIterable(Array.from({ length: 1_000 }, (_, i) => i)), 500)
    expect(s.pollNext(contextOf(w))).toBe(Pending)
    expect(w.count).toBe(1)
  })
})

describe("filterMap / enumerate / distinct / distinctUntilChanged", () => {
  it("filterMap maps and drops undefined", () => {
    expect(
      collect(stream.filterMap(of("1", "x", "3"), (s) => (Number.isNaN(Number(s)) ? undefined : Number(s)))),
    ).toEqual([1, 3])
  })
  it("enumerate pairs items with their index", () => {
    expect(collect(stream.enumerate(of("a", "b")))).toEqual([
      [0, "a"],
      [1, "b"],
    ])
  })
  it("distinct passes each key once; distinctUntilChanged drops repeats of the previous item", () => {
    expect(collect(stream.distinct(of(1, 2, 1, 3, 2)))).toEqual([1, 2, 3])
    expect(collect(stream.distinct(of({ id: 1 }, { id: 1 }, { id: 2 }), (o) => o.id))).toEqual([{ id: 1 }, { id: 2 }])
    expect(collect(stream.distinctUntilChanged(of(1, 1, 2, 2, 1)))).toEqual([1, 2, 1])
    expect(
      collect(stream.distinctUntilChanged(of("a", "A", "b"), (p, x) => p.toLowerCase() === x.toLowerCase())),
    ).toEqual(["a", "b"])
  })
})

describe("concat / chain, fold / reduce", () => {
  it("concat polls each stream only after the previous ended", () => {
    const a = new Source<number>()
    const b = new Source<number>()
    const s = stream.concat(a, b)
    const cx = contextOf()
    a.push(1)
    b.push(10)
    expect(s.pollNext(cx)).toBe(1)
    expect(s.pollNext(cx)).toBe(Pending)
    expect(b.polls).toBe(0)
    a.end()
    expect(s.pollNext(cx)).toBe(10)
    expect(ex0.blockOn(stream.collect(stream.chain(of(1), of(2))))).toEqual([1, 2])
  })
  it("a failure fails concat and cancels the streams not yet finished", () => {
    const a = new Source<number>()
    const b = new Source<number>()
    const s = stream.concat(a, b)
    a.fail(new Boom())
    expect(() => s.pollNext(contextOf())).toThrow(Boom)
    expect(b.cancels).toBe(1)
  })
  it("fold accumulates to a future; reduce is the same", () => {
    const ex = new ManualExecutor()
    expect(ex.blockOn(stream.fold(of(1, 2, 3), 10, (a, x) => a + x))).toBe(16)
    expect(ex.blockOn(stream.reduce(of(1, 2, 3), 10, (a, x) => a + x))).toBe(16)
  })
  it("cancelling concat or fold cancels their sources", () => {
    const a = new Source<number>()
    const b = new Source<number>()
    stream.concat(a, b).cancel()
    expect([a.cancels, b.cancels]).toEqual([1, 1])
    const c = new Source<number>()
    const f = stream.fold(c, 0, (x, y) => x + y)
    f.poll(contextOf())
    f.cancel()
    expect(c.cancels).toBe(1)
  })
})

describe("andThen (async map)", () => {
  it("maps each item through a future, one at a time, in order", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const s = stream.andThen(of(30, 10, 20), (ms) => map(sleep(ms), () => ms))
    expect(ex.blockOn(stream.collect(s))).toEqual([30, 10, 20])
    expect(clock.now()).toBe(60) // sequential
  })
  it("a cancelled next() keeps the in-flight future: nothing lost, nothing run twice", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    let started = 0
    const s = stream.andThen(of(1, 2), (x) => {
      started++
      return map(sleep(10), () => x)
    })
    const h = ex.spawn(futureTimeout(s.next(), 5))
    clock.advance(5)
    expect(h.outcome?._tag).toBe("Failure")
    expect(ex.blockOn(stream.collect(s))).toEqual([1, 2])
    expect(started).toBe(2)
  })
  it("cancelling the stream cancels the in-flight future (leak check)", () => {
    checkNoLeaks(() => stream.collect(stream.andThen(of(1, 2), (x) => map(sleep(10), () => x))), 5)
  })
  it("f returning a non-future fails with InvalidArgument", () => {
    expect(() => stream.andThen(of(1), () => 5 as never).pollNext(contextOf())).toThrow(
      /f returned number, not a future/,
    )
  })
})

describe("fuse / peekable", () => {
  it("fuse answers Done after Done instead of PollAfterReady", () => {
    const f = stream.fuse(of(1))
    const cx = contextOf()
    expect([f.pollNext(cx), f.pollNext(cx), f.pollNext(cx)]).toEqual([1, Done, Done])
    expect(f.isTerminated).toBe(true)
    const plain = of(1)
    plain.pollNext(cx)
    plain.pollNext(cx)
    expect(() => plain.pollNext(cx)).toThrow(PollAfterReady)
  })
  it("peek shows the next item without taking it", () => {
    const ex = new ManualExecutor()
    const p = stream.peekable(of(" ", " ", "x", "y"))
    const first = ex.blockOn(
      gen(function* () {
        while ((yield* p.peek()) === " ") yield* p.next()
        return yield* p.next()
      }),
    )
    expect(first).toBe("x")
    expect(ex.blockOn(stream.collect(p))).toEqual(["y"])
  })
  it("a cancelled peek loses nothing; peek at the end is Done", () => {
    const src = new Source<number>()
    const p = stream.peekable(src)
    const w = new CountingWaker()
    const peek = p.peek()
    expect(peek.poll(contextOf(w))).toBe(Pending)
    peek.cancel()
    expect(src.waker).toBeUndefined() // the source forgot the cancelled peek's waker
    src.push(4)
    src.end()
    const cx = contextOf()
    expect(p.peek().poll(cx)).toBe(4)
    expect(p.pollNext(cx)).toBe(4)
    expect(p.peek().poll(cx)).toBe(Done)
  })
})

describe("catchError", () => {
  it("goes on with the handler's stream after a failure", () => {
    const src = new Source<number>()
    src.push(1)
    let caught: unknown
    const s = stream.catchError(src, (e) => ((caught = e), of(99)))
    expect(s.pollNext(contextOf())).toBe(1)
    src.fail(new Boom("down"))
    expect(collect(s)).toEqual([99])
    expect((caught as Error).message).toBe("down")
  })
  it("only the first failure is caught; cancel cancels the current stream", () => {
    const s = stream.catchError(new Source<number>(), () => {
      const r = new Source<number>()
      r.fail(new Boom("again"))
      return r
    })
    const src = new Source<number>()
    src.fail(new Boom())
    const t = stream.catchError(src, () => {
      const r = new Source<number>()
      r.fail(new Boom("again"))
      return r
    })
    expect(() => t.pollNext(contextOf())).toThrow("again")
    const live = new Source<number>()
    const u = stream.catchError(live, () => of<number>())
    u.cancel()
    s.cancel()
    expect(live.cancels).toBe(1)
  })
  it("a handler that returns a non-stream fails with InvalidArgument", () => {
    const src = new Source<number>()
    src.fail(new Boom())
    expect(() => stream.catchError(src, () => 1 as never).pollNext(contextOf())).toThrow(
      /handler returned number, not a stream/,
    )
  })
})

describe("stream.timeout: per-item timeout", () => {
  it("fails with TimeoutError when an item takes longer than ms; each item gets its own ms", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const src = new Source<number>()
    const s = stream.timeout(src, 10)
    const got: number[] = []
    const h = ex.spawn(stream.forEach(s, (x) => void got.push(x)))
    ex.runUntilStalled()
    clock.advance(8)
    src.push(1)
    ex.runUntilStalled()
    clock.advance(8) // 16 in all, but only 8 since the last item
    src.push(2)
    ex.runUntilStalled()
    expect(got).toEqual([1, 2])
    clock.advance(10)
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError)
    expect(src.cancels).toBe(1)
    expect(clock.pendingTimers).toBe(0)
  })
  it("leaves no timer after cancel; MissingCapability without a timer", () => {
    checkNoLeaks(() => stream.collect(stream.timeout(stream.interval(5), 100)), 12)
    expect(() => stream.timeout(new Source<number>(), 5).pollNext(contextOf())).toThrow(MissingCapability)
  })
})

describe("bad input is InvalidArgument", () => {
  it.each([
    ["skip(-1)", () => stream.skip(of(1), -1)],
    ["skipWhile(3)", () => stream.skipWhile(of(1), 3 as never)],
    ["takeWhile(null)", () => stream.takeWhile(of(1), null as never)],
    ["filterMap('f')", () => stream.filterMap(of(1), "f" as never)],
    ["distinct(key=1)", () => stream.distinct(of(1), 1 as never)],
    ["distinctUntilChanged(eq=1)", () => stream.distinctUntilChanged(of(1), 1 as never)],
    ["fold(f=1)", () => stream.fold(of(1), 0, 1 as never)],
    ["andThen(f=1)", () => stream.andThen(of(1), 1 as never)],
    ["catchError(1)", () => stream.catchError(of(1), 1 as never)],
    ["timeout(-5)", () => stream.timeout(of(1), -5)],
  ])("%s", (_n, f) => {
    expect(f).toThrow(InvalidArgument)
  })
})
