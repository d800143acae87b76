import { describe, expect, it } from "vitest"
import {
  buffered,
  Done,
  MissingCapability,
  Pending,
  type StreamBase,
  gen,
  map as mapF,
  ready,
  sleep,
  stream,
} from "@pollable/core"
import {
  checkNoLeaks,
  contextOf,
  CountingWaker,
  ManualExecutor,
  VirtualClock,
  virtualTime,
} from "@pollable/core/testing"
import { Source } from "./stream-helpers.js"

const setup = virtualTime

describe("combinators", () => {
  const ex = new ManualExecutor()
  const run = <T>(f: Parameters<typeof ex.blockOn<T, unknown>>[0]) => ex.blockOn(f)

  it("map, filter, scan, take", () => {
    const s = stream.take(
      stream.scan(
        stream.filter(
          stream.map(stream.fromIterable([1, 2, 3, 4, 5, 6]), (x) => x * 2),
          (x) => x % 4 === 0,
        ),
        0,
        (a, x) => a + x,
      ),
      1,
    )
    expect(run(stream.collect(s))).toEqual([4])
  })

  it("filter yields to the executor after a budget of rejected ready items (rule 5)", () => {
    const s = stream.filter(stream.fromIterable(Array.from({ length: 1000 }, (_, i) => i)), (x) => x === 999)
    const w = new CountingWaker()
    expect(s.pollNext(contextOf(w))).toBe(Pending)
    expect(w.count).toBe(1)
    let r: unknown = Pending
    for (let i = 0; i < 20 && r === Pending; i++) r = s.pollNext(contextOf(w))
    expect(r).toBe(999)
  })

  it("take cancels the source as soon as the n-th item is out; take(0) never polls it", () => {
    const src = new Source<number>()
    src.push(1, 2, 3)
    const t = stream.take(src, 2)
    expect(t.pollNext(contextOf())).toBe(1)
    expect(src.cancels).toBe(0)
    expect(t.pollNext(contextOf())).toBe(2)
    expect(src.cancels).toBe(1)
    expect(t.pollNext(contextOf())).toBe(Done)
    const src0 = new Source<number>()
    expect(stream.take(src0, 0).pollNext(contextOf())).toBe(Done)
    expect(src0.polls).toBe(0)
    expect(() => stream.take(src0, -1)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
  })

  it("takeUntil stops when the future completes and cancels the source", () => {
    const { clock, ex } = setup()
    const got: number[] = []
    const h = ex.spawn(stream.forEach(stream.takeUntil(stream.interval(10), sleep(35)), (n) => void got.push(n)))
    clock.runAll()
    expect(got).toEqual([0, 1, 2])
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.pendingTimers).toBe(0)
  })

  it("takeUntil: when the source ends first the stop future is cancelled", () => {
    const { clock, ex } = setup()
    expect(ex.blockOn(stream.collect(stream.takeUntil(stream.fromIterable([1, 2]), sleep(100))))).toEqual([1, 2])
    expect(clock.pendingTimers).toBe(0)
  })

  it("merge interleaves fairly: a busy source does not starve the others", () => {
    const a = stream.fromIterable([1, 2, 3, 4])
    const b = stream.fromIterable([10, 20, 30, 40])
    const c = stream.fromIterable([100])
    const out = run(stream.collect(stream.merge(a, b, c)))
    expect(out).toEqual([1, 10, 100, 2, 20, 3, 30, 4, 40])
  })

  it("merge polls only sources whose waker fired", () => {
    const srcs = Array.from({ length: 5 }, () => new Source<number>())
    const m = stream.merge(...srcs)
    const cx = contextOf()
    expect(m.pollNext(cx)).toBe(Pending)
    expect(srcs.map((s) => s.polls)).toEqual([1, 1, 1, 1, 1])
    srcs[3]!.push(9)
    expect(m.pollNext(cx)).toBe(9)
    expect(srcs.map((s) => s.polls)).toEqual([1, 1, 1, 2, 1])
    for (const s of srcs) s.end()
    expect(m.pollNext(cx)).toBe(Done)
  })

  it("merge: a failing source cancels the others", () => {
    const a = new Source<number>()
    const b = new Source<number>()
    const m = stream.merge(a, b)
    expect(m.pollNext(contextOf())).toBe(Pending)
    a.fail(new Error("x"))
    expect(() => m.pollNext(contextOf())).toThrow("x")
    expect(b.cancels).toBe(1)
  })

  it("merge: cancel cancels every source", () => {
    const a = new Source<number>()
    const b = new Source<number>()
    const m = stream.merge(a, b)
    m.pollNext(contextOf())
    m.cancel()
    expect([a.cancels, b.cancels]).toEqual([1, 1])
  })

  it("zip pairs items and ends with the shortest, cancelling the others", () => {
    const b = new Source<string>()
    b.push("a", "b", "c")
    const z = stream.zip(stream.fromIterable([1, 2]), b)
    expect(run(stream.collect(z))).toEqual([
      [1, "a"],
      [2, "b"],
    ])
    expect(b.cancels).toBe(1)
  })

  it("zip: cancelling next() keeps the held item", () => {
    const a = new Source<number>()
    const b = new Source<number>()
    const z = stream.zip(a, b)
    a.push(1)
    const n = z.next()
    expect(n.poll(contextOf())).toBe(Pending)
    n.cancel()
    b.push(2)
    expect(z.pollNext(contextOf())).toEqual([1, 2])
  })

  it("buffer runs up to n futures at once and yields results in order", () => {
    const { clock, ex } = setup()
    const started: number[] = []
    const futs = stream.map(stream.fromIterable([30, 10, 20, 5]), (ms) =>
      mapF(
        gen(function* () {
          started.push(clock.now())
          yield* sleep(ms)
        }),
        () => ms,
      ),
    )
    expect(ex.blockOn(stream.collect(buffered(futs, 2)))).toEqual([30, 10, 20, 5])
    expect(started).toEqual([0, 0, 30, 30])
    expect(clock.now()).toBe(50)
  })

  it("buffer: cancel cancels the futures in flight (no timer left)", () => {
    expect(
      checkNoLeaks(
        () =>
          stream.collect(
            buffered(
              stream.map(stream.fromIterable([10, 20, 30]), (ms) => sleep(ms)),
              3,
            ),
          ),
        5,
      ),
    ).toMatchObject({ timers: 0, strayWakes: 0 })
  })

  it("chunks groups items; the last chunk may be short", () => {
    expect(run(stream.collect(stream.chunks(stream.fromIterable([1, 2, 3, 4, 5]), 2)))).toEqual([[1, 2], [3, 4], [5]])
    expect(run(stream.collect(stream.chunks(stream.fromIterable([]), 2)))).toEqual([])
  })

  it("chunks: cancelling next() keeps the partial chunk", () => {
    const src = new Source<number>()
    const c = stream.chunks(src, 2)
    src.push(1)
    const n = c.next()
    expect(n.poll(contextOf())).toBe(Pending)
    n.cancel()
    src.push(2)
    expect(c.pollNext(contextOf())).toEqual([1, 2])
  })

  it("throttle: at most one item per ms, none dropped, source not polled during the pause", () => {
    const { clock, ex } = setup()
    const src = new Source<number>()
    src.push(1, 2, 3)
    const got: [number, number][] = []
    const h = ex.spawn(stream.forEach(stream.throttle(src, 10), (x) => void got.push([x, clock.now()])))
    ex.runUntilStalled()
    expect(got).toEqual([[1, 0]])
    const polls = src.polls
    clock.advance(9)
    expect(src.polls).toBe(polls)
    clock.advance(11)
    expect(got).toEqual([
      [1, 0],
      [2, 10],
      [3, 20],
    ])
    src.end()
    clock.advance(10) // the pause after 3 ends before the source is polled again
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.pendingTimers).toBe(0)
  })

  it("debounce emits the newest item after a quiet period, and the pending one at the end", () => {
    const { clock, ex } = setup()
    const src = new Source<number>()
    const got: [number, number][] = []
    const h = ex.spawn(stream.forEach(stream.debounce(src, 10), (x) => void got.push([x, clock.now()])))
    src.push(1)
    ex.runUntilStalled()
    clock.advance(5)
    src.push(2)
    ex.runUntilStalled()
    clock.advance(9)
    expect(got).toEqual([])
    clock.advance(1)
    expect(got).toEqual([[2, 15]])
    src.push(3)
    src.end()
    ex.runUntilStalled()
    expect(got).toEqual([
      [2, 15],
      [3, 15],
    ])
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.pendingTimers).toBe(0)
  })

  it("throttle/debounce without a timer fail with MissingCapability", () => {
    expect(() => stream.throttle(stream.fromIterable([1]), 5).pollNext(contextOf())).toThrow(MissingCapability)
    expect(() => stream.debounce(stream.fromIterable([1]), 5).pollNext(contextOf())).toThrow(MissingCapability)
  })

  it("debounce/throttle: cancel removes the timer and cancels the source", () => {
    const src = new Source<number>()
    src.push(1)
    const r = checkNoLeaks(() => stream.collect(stream.debounce(src, 10)), 3)
    expect(r.timers).toBe(0)
    expect(src.cancels).toBe(1)
    const src2 = new Source<number>()
    src2.push(1, 2)
    checkNoLeaks(() => stream.collect(stream.throttle(src2, 10)), 3)
    expect(src2.cancels).toBe(1)
  })

  it("forEach awaits a future body before pulling the next item", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    ex.blockOn(
      stream.forEach(stream.fromIterable(["a", "b"]), (x) =>
        gen(function* () {
          log.push(`${x}@${clock.now()}`)
          yield* sleep(10)
        }),
      ),
    )
    expect(log).toEqual(["a@0", "b@10"])
  })

  it("forEach: a throwing body cancels the source and fails; cancel cancels the body", () => {
    const src = new Source<number>()
    src.push(1)
    const f = stream.forEach(src, () => {
      throw new Error("body")
    })
    expect(() => f.poll(contextOf())).toThrow("body")
    expect(src.cancels).toBe(1)
    const src2 = new Source<number>()
    src2.push(1)
    expect(checkNoLeaks(() => stream.forEach(src2, () => sleep(100)), 10).timers).toBe(0)
    expect(src2.cancels).toBe(1)
  })

  it("collect yields to the executor every 128 ready items (rule 5)", () => {
    const w = new CountingWaker()
    const c = stream.collect(stream.fromIterable(Array.from({ length: 300 }, (_, i) => i)))
    expect(c.poll(contextOf(w))).toBe(Pending)
    expect(c.poll(contextOf(w))).toBe(Pending)
    expect((c.poll(contextOf(w)) as number[]).length).toBe(300)
    expect(w.count).toBe(2)
  })

  it("collect: cancel cancels the source", () => {
    const src = new Source<number>()
    const c = stream.collect(src)
    c.poll(contextOf())
    c.cancel()
    expect(src.cancels).toBe(1)
  })

  it("map errors propagate and end the stream", () => {
    const s = stream.map(stream.fromIterable([1]), () => {
      throw new Error("f")
    })
    expect(() => s.pollNext(contextOf())).toThrow("f")
    expect(s.terminated).toBe(true)
  })

  it("a gen future can be consumed item by item with ready futures mixed in", () => {
    const { ex } = setup()
    const out = ex.blockOn(
      gen(function* () {
        const s = stream.map(stream.fromIterable([1, 2, 3]), (x) => x + 1)
        const acc: number[] = []
        for (let x; (x = yield* s.next()) !== Done; ) acc.push(x + (yield* ready(0)))
        return acc
      }),
    )
    expect(out).toEqual([2, 3, 4])
  })
})

describe("cancel safety of every combinator (table)", () => {
  const clock = () => new VirtualClock()
  const cases: [string, (src: Source<number>) => StreamBase<unknown, unknown>][] = [
    ["map", (s) => stream.map(s, (x) => x)],
    ["filter", (s) => stream.filter(s, () => true)],
    ["take", (s) => stream.take(s, 5)],
    ["takeUntil", (s) => stream.takeUntil(s, sleep(1000))],
    ["scan", (s) => stream.scan(s, 0, (a, x) => a + x)],
    ["merge", (s) => stream.merge(s, new Source<number>())],
    ["zip", (s) => stream.map(stream.zip(s, stream.fromIterable([0, 0, 0])), ([x]) => x)],
    [
      "buffer",
      (s) =>
        buffered(
          stream.map(s, (x) => ready(x)),
          2,
        ),
    ],
    ["chunks(1)", (s) => stream.map(stream.chunks(s, 1), ([x]) => x)],
    ["throttle", (s) => stream.throttle(s, 1)],
    ["debounce", (s) => stream.debounce(s, 1)],
  ]
  for (const [name, make] of cases) {
    it(`${name}: cancelling a pending next() loses no item; cancelling the stream cancels the source`, () => {
      const c = clock()
      const ex = new ManualExecutor({ timer: c })
      const src = new Source<number>()
      const s = make(src)
      const n = ex.spawn(s.next())
      ex.runUntilStalled()
      expect(n.outcome).toBeUndefined()
      n.cancel()
      expect(src.cancels).toBe(0)
      src.push(42)
      const h = ex.spawn(s.next())
      ex.runUntilStalled()
      c.runAll()
      expect(h.outcome).toEqual({ _tag: "Success", value: 42 })
      s.cancel()
      expect(src.cancels).toBe(1)
      expect(c.pendingTimers).toBe(0)
      // the source never held the cancelled next()'s task waker: the push woke nobody stale
      expect(ex.strayWakes).toBe(0)
    })
  }

  it("interval: cancelling a pending next() loses no tick", () => {
    const c = clock()
    const ex = new ManualExecutor({ timer: c })
    const s = stream.interval(10)
    const n = ex.spawn(s.next())
    ex.runUntilStalled()
    n.cancel()
    const h = ex.spawn(s.next())
    c.advance(10)
    expect(h.outcome).toEqual({ _tag: "Success", value: 0 })
    s.cancel()
    expect(c.pendingTimers).toBe(0)
  })

  it("unfold: cancelling a pending next() keeps the step future for the next poll", () => {
    const c = clock()
    const ex = new ManualExecutor({ timer: c })
    let steps = 0
    const s = stream.unfold(0, (k) => {
      steps++
      return mapF(sleep(10), () => [k, k + 1] as const)
    })
    const n = ex.spawn(s.next())
    ex.runUntilStalled()
    n.cancel()
    const h = ex.spawn(s.next())
    c.advance(10)
    expect(h.outcome).toEqual({ _tag: "Success", value: 0 })
    expect(steps).toBe(1)
    s.cancel()
    expect(c.pendingTimers).toBe(0)
  })
})
