import { describe, expect, it } from "vitest"
import fc from "fast-check"
import {
  Done,
  InvalidArgument,
  Pending,
  StreamBase,
  map,
  sleep,
  stream,
  type Context,
  type Poll,
  type Stream,
  type Waker,
} from "@pollable/core"
import { ExploringExecutor, ManualExecutor, VirtualClock, contextOf } from "@pollable/core/testing"
import { chooser, drive } from "../testing/explore-helpers.js"
import { Source } from "./stream-helpers.js"
import { Boom } from "../../support/probe.js"

/** Wraps a stream and counts how many wrapped streams are live (first polled, not ended or cancelled). */
class Tracked<T> extends StreamBase<T, unknown> {
  static live = 0
  static peak = 0
  #started = false
  constructor(readonly inner: Stream<T, unknown>) {
    super()
  }
  get label(): string {
    return "tracked"
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    if (!this.#started) {
      this.#started = true
      Tracked.peak = Math.max(Tracked.peak, ++Tracked.live)
    }
    const r = this.inner.pollNext(cx)
    if (r === Done) Tracked.live--
    return r
  }
  protected override onDropWaker(w: Waker): void {
    this.inner.dropWaker?.(w)
  }
  protected onCancel(): void {
    if (this.#started) Tracked.live--
    this.inner.cancel()
  }
}

/** An inner stream: `n` items `base+1 … base+n`, each after `gap` ms of virtual time. */
const paced = (base: number, n: number, gap: number) =>
  stream.andThen(stream.fromIterable(Array.from({ length: n }, (_, i) => base + i + 1)), (x) =>
    map(sleep(gap), () => x),
  )

const setup = () => {
  const clock = new VirtualClock()
  return { clock, ex: new ManualExecutor({ timer: clock }) }
}

describe("flatMap / flatten / concatMap", () => {
  it("interleaves inner streams and runs at most `concurrency` at once", () => {
    const { ex } = setup()
    Tracked.live = Tracked.peak = 0
    const s = stream.flatMap(stream.fromIterable([0, 10, 20, 30]), (b) => new Tracked(paced(b, 2, 5)), {
      concurrency: 2,
    })
    const got = ex.blockOn(stream.collect(s))
    expect([...got].sort((a, b) => a - b)).toEqual([1, 2, 11, 12, 21, 22, 31, 32])
    expect(Tracked.peak).toBe(2)
    expect(Tracked.live).toBe(0)
  })
  it("concurrency 1 (concatMap, flatten with concurrency 1) keeps order", () => {
    const { ex } = setup()
    expect(ex.blockOn(stream.collect(stream.concatMap(stream.fromIterable([0, 10]), (b) => paced(b, 2, 3))))).toEqual([
      1, 2, 11, 12,
    ])
    const nested = stream.fromIterable([stream.fromIterable([1, 2]), stream.fromIterable([3])])
    expect(ex.blockOn(stream.collect(stream.flatten(nested, { concurrency: 1 })))).toEqual([1, 2, 3])
  })
  it("round-robin: an always-ready inner stream does not starve the others", () => {
    const a = stream.fromIterable([1, 1, 1, 1])
    const b = stream.fromIterable([2, 2, 2, 2])
    const s = stream.flatten(stream.fromIterable([a, b]))
    const cx = contextOf()
    expect([s.pollNext(cx), s.pollNext(cx), s.pollNext(cx), s.pollNext(cx)]).toEqual([1, 2, 1, 2])
  })
  it("a failing inner stream fails the whole and cancels the outer and the other inners", () => {
    const outer = new Source<number>()
    const other = new Source<number>()
    const bad = new Source<number>()
    const s = stream.flatMap(outer, (x) => (x === 1 ? other : bad))
    outer.push(1, 2)
    bad.fail(new Boom())
    expect(() => s.pollNext(contextOf())).toThrow(Boom)
    expect([outer.cancels, other.cancels]).toEqual([1, 1])
  })
  it("cancel cancels the outer and every running inner", () => {
    const outer = new Source<number>()
    const inners = [new Source<number>(), new Source<number>()]
    const s = stream.flatMap(outer, (i) => inners[i]!)
    outer.push(0, 1)
    expect(s.pollNext(contextOf())).toBe(Pending)
    s.cancel()
    expect([outer.cancels, inners[0]!.cancels, inners[1]!.cancels]).toEqual([1, 1, 1])
  })
  it("bad input: InvalidArgument", () => {
    expect(() => stream.flatMap(stream.fromIterable([1]), 1 as never)).toThrow(InvalidArgument)
    expect(() => stream.flatMap(stream.fromIterable([1]), () => stream.fromIterable([]), { concurrency: 0 })).toThrow(
      /concurrency must be a whole number/,
    )
    expect(() => stream.switchMap(stream.fromIterable([1]), null as never)).toThrow(InvalidArgument)
    expect(() => stream.exhaustMap(stream.fromIterable([1]), null as never)).toThrow(InvalidArgument)
    expect(() => stream.flatMap(stream.fromIterable([1]), () => 3 as never).pollNext(contextOf())).toThrow(
      /f returned number, not a stream/,
    )
  })
})

describe("switchMap / exhaustMap", () => {
  it("switchMap: a new outer item cancels the running inner stream", () => {
    const outer = new Source<number>()
    const inners: Source<string>[] = []
    const s = stream.switchMap(outer, () => {
      const i = new Source<string>()
      inners.push(i)
      return i
    })
    const cx = contextOf()
    outer.push(1)
    expect(s.pollNext(cx)).toBe(Pending)
    inners[0]!.push("a")
    expect(s.pollNext(cx)).toBe("a")
    outer.push(2)
    inners[0]!.push("stale")
    expect(s.pollNext(cx)).toBe(Pending)
    expect(inners[0]!.cancels).toBe(1)
    inners[1]!.push("b")
    inners[1]!.end()
    outer.end()
    expect([s.pollNext(cx), s.pollNext(cx)]).toEqual(["b", Done])
  })
  it("switchMap collapses outer items that arrive together to the last", () => {
    let made = 0
    const s = stream.switchMap(stream.fromIterable([1, 2, 3]), (x) => (made++, stream.fromIterable([x])))
    const cx = contextOf()
    expect([s.pollNext(cx), s.pollNext(cx)]).toEqual([3, Done])
    expect(made).toBe(3) // each was started, the first two cancelled at once
  })
  it("exhaustMap: outer items that arrive while an inner runs are dropped", () => {
    const { clock, ex } = setup()
    const clicks = new Source<number>()
    const got: number[] = []
    const h = ex.spawn(
      stream.forEach(
        stream.exhaustMap(clicks, (n) => paced(n * 10, 1, 10)),
        (x) => void got.push(x),
      ),
    )
    ex.runUntilStalled()
    clicks.push(1)
    ex.runUntilStalled()
    clicks.push(2) // while 1's request runs: dropped
    ex.runUntilStalled()
    clock.advance(10)
    clicks.push(3)
    ex.runUntilStalled()
    clock.advance(10)
    clicks.end()
    ex.runUntilStalled()
    expect(got).toEqual([11, 31])
    expect(h.outcome?._tag).toBe("Success")
  })
})

describe("schedule exploration: flatMap with concurrency, switchMap, exhaustMap", () => {
  it(
    "same items under every schedule, the concurrency bound, " +
      "no lost or stray wake, no timer after cancel — 300 schedules",
    () => {
      fc.assert(
        fc.property(
          chooser,
          fc.array(fc.record({ n: fc.integer({ min: 0, max: 3 }), gap: fc.integer({ min: 0, max: 4 }) }), {
            minLength: 1,
            maxLength: 5,
          }),
          fc.integer({ min: 1, max: 3 }),
          fc.boolean(),
          fc.option(fc.integer({ min: 0, max: 60 })),
          (choose, inners, concurrency, spurious, cancelAt) => {
            const clock = new VirtualClock()
            const ex = new ExploringExecutor({ choose, clock, spuriousEvery: spurious ? 3 : 0 })
            Tracked.live = Tracked.peak = 0
            const outer = () =>
              stream.andThen(stream.fromIterable(inners.map((_, i) => i)), (i) => map(sleep(i % 2), () => i))
            const make = (i: number) => new Tracked(paced(i * 10, inners[i]!.n, inners[i]!.gap))
            const merged = ex.spawn(stream.collect(stream.flatMap(outer(), make, { concurrency })))
            const switched = ex.spawn(
              stream.collect(stream.switchMap(outer(), (i) => paced(i * 10, inners[i]!.n, inners[i]!.gap))),
            )
            const exhausted = ex.spawn(
              stream.collect(stream.exhaustMap(outer(), (i) => paced(i * 10, inners[i]!.n, inners[i]!.gap))),
            )
            drive(ex, clock, cancelAt ?? -1, merged)
            expect(Tracked.peak).toBeLessThanOrEqual(concurrency)
            expect(Tracked.live).toBe(0) // every inner stream ended or was cancelled
            if (cancelAt === null) {
              const all = inners.flatMap((x, i) => Array.from({ length: x.n }, (_, k) => i * 10 + k + 1))
              expect([...(merged.outcome as { value: number[] }).value].sort((a, b) => a - b)).toEqual(all)
            }
            for (const h of [switched, exhausted]) {
              const got = (h.outcome as { value: number[] }).value
              // items of each inner stream come in order, and only items that exist
              for (let k = 1; k < got.length; k++)
                if (Math.floor(got[k]! / 10) === Math.floor(got[k - 1]! / 10))
                  expect(got[k]!).toBeGreaterThan(got[k - 1]!)
              for (const x of got) expect(x % 10).toBeLessThanOrEqual(inners[Math.floor(x / 10)]!.n)
            }
            // the last inner stream always runs to its end under switchMap
            const lastI = inners.length - 1
            const sw = (switched.outcome as { value: number[] }).value
            expect(sw.filter((x) => Math.floor(x / 10) === lastI)).toEqual(
              Array.from({ length: inners[lastI]!.n }, (_, k) => lastI * 10 + k + 1),
            )
            expect(ex.liveTasks).toBe(0)
            expect(ex.strayWakes).toBe(0)
            expect(clock.pendingTimers).toBe(0)
          },
        ),
        { numRuns: 300 },
      )
    },
  )
})
