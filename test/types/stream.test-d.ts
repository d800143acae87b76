import { describe, expectTypeOf, it } from "vitest"
import {
  type ChannelClosed,
  Done,
  type Lagged,
  type MutexGuard,
  type Permit,
  type SemaphoreClosed,
  Mutex,
  Semaphore,
  broadcast,
  gen,
  mpsc,
  oneshot,
  ready,
  stream,
  type Future,
  type ItemOf,
  type Stream,
  type StreamErrorOf,
  buffered,
} from "@pollable/core"

declare const nums: Stream<number, RangeError>
declare const strs: Stream<string, TypeError>

describe("stream types", () => {
  it("map / filter / scan keep the error type and change the item type", () => {
    expectTypeOf(stream.map(nums, (n) => String(n))).toMatchTypeOf<Stream<string, RangeError>>()
    expectTypeOf<ItemOf<ReturnType<typeof stream.map<number, string, RangeError>>>>().toEqualTypeOf<string>()
    expectTypeOf(stream.filter(nums, (n) => n > 0)).toMatchTypeOf<Stream<number, RangeError>>()
    const narrowed = stream.filter(
      stream.fromIterable<number | string>([1, "a"]),
      (x): x is string => typeof x === "string",
    )
    expectTypeOf<ItemOf<typeof narrowed>>().toEqualTypeOf<string>()
    expectTypeOf<ItemOf<ReturnType<typeof stream.scan<number, number[], RangeError>>>>().toEqualTypeOf<number[]>()
  })

  it("merge unions items and errors; zip builds tuples", () => {
    const m = stream.merge(nums, strs)
    expectTypeOf<ItemOf<typeof m>>().toEqualTypeOf<number | string>()
    expectTypeOf<StreamErrorOf<typeof m>>().toEqualTypeOf<RangeError | TypeError>()
    const z = stream.zip(nums, strs)
    expectTypeOf<ItemOf<typeof z>>().toEqualTypeOf<[number, string]>()
  })

  it("collect / forEach / next are futures with the stream's error", () => {
    expectTypeOf(stream.collect(nums)).toMatchTypeOf<Future<number[], RangeError>>()
    expectTypeOf(stream.next(nums)).toMatchTypeOf<Future<number | typeof Done, RangeError>>()
    expectTypeOf(stream.forEach(nums, () => ready(1))).toMatchTypeOf<Future<void, RangeError>>()
  })

  it("buffer runs a stream of futures", () => {
    const b = buffered(
      stream.map(nums, (n) => ready(String(n))),
      2,
    )
    expectTypeOf<ItemOf<typeof b>>().toEqualTypeOf<string>()
  })

  it("the gen loop narrows away Done", () => {
    const f = gen(function* () {
      const s = stream.fromIterable([1, 2])
      let sum = 0
      for (let x; (x = yield* s.next()) !== Done; ) {
        expectTypeOf(x).toEqualTypeOf<number>()
        sum += x
      }
      return sum
    })
    expectTypeOf(f).toMatchTypeOf<Future<number, unknown>>()
  })
})

describe("channel and sync types", () => {
  it("oneshot / mpsc / broadcast", () => {
    const [tx, rx] = oneshot<number>()
    expectTypeOf(tx.send).parameter(0).toEqualTypeOf<number>()
    expectTypeOf(rx).toMatchTypeOf<Future<number, ChannelClosed>>()
    const [mtx, mrx] = mpsc<string>(4)
    expectTypeOf(mtx.send("a")).toMatchTypeOf<Future<void, ChannelClosed>>()
    expectTypeOf(mrx).toMatchTypeOf<Stream<string, never>>()
    const [, brx] = broadcast<boolean>(4)
    expectTypeOf(brx).toMatchTypeOf<Stream<boolean, Lagged>>()
  })

  it("acquire / lock are yield*-able futures of disposable guards", () => {
    const sem = new Semaphore(1)
    const m = new Mutex({ n: 1 })
    gen(function* () {
      const p = yield* sem.acquire()
      expectTypeOf(p).toEqualTypeOf<Permit>()
      const g = yield* m.lock()
      expectTypeOf(g).toEqualTypeOf<MutexGuard<{ n: number }>>()
      expectTypeOf(g.value.n).toEqualTypeOf<number>()
      expectTypeOf(g).toMatchTypeOf<Disposable>()
    })
    expectTypeOf(sem.acquire()).toMatchTypeOf<Future<Permit, SemaphoreClosed>>()
  })
})
