import { describe, expectTypeOf, it } from "vitest"
import {
  type Done,
  type TimeoutError,
  stream,
  type FutureBase,
  type FusedStream,
  type SharedStream,
  type Peekable,
  type Pollable,
  type Stream,
  type StreamBase,
  type Future,
} from "@pollable/core"

class SrcErr extends Error {
  readonly _tag = "SrcErr"
}
class InnerErr extends Error {
  readonly _tag = "InnerErr"
}
class Fallback extends Error {
  readonly _tag = "Fallback"
}
declare const nums: Stream<number, SrcErr>
declare const inner: (n: number) => Stream<string, InnerErr>
declare const fetchOne: (n: number) => Future<boolean, InnerErr>
declare const fallback: Stream<string, Fallback>

describe("stream operator types", () => {
  it("filters keep the item and error types", () => {
    expectTypeOf(stream.skip(nums, 1)).toEqualTypeOf<StreamBase<number, SrcErr>>()
    expectTypeOf(stream.skipWhile(nums, (x) => x > 0)).toEqualTypeOf<StreamBase<number, SrcErr>>()
    expectTypeOf(
      stream.takeWhile(nums as Stream<number | string, SrcErr>, (x): x is number => typeof x === "number"),
    ).toEqualTypeOf<StreamBase<number, SrcErr>>()
    expectTypeOf(stream.distinct(nums)).toEqualTypeOf<StreamBase<number, SrcErr>>()
    expectTypeOf(stream.distinctUntilChanged(nums)).toEqualTypeOf<StreamBase<number, SrcErr>>()
  })
  it("maps change the item type; filterMap drops undefined", () => {
    expectTypeOf(stream.filterMap(nums, (x) => (x > 0 ? String(x) : undefined))).toEqualTypeOf<
      StreamBase<string, SrcErr>
    >()
    expectTypeOf(stream.enumerate(nums)).toEqualTypeOf<StreamBase<[index: number, item: number], SrcErr>>()
    expectTypeOf(stream.andThen(nums, fetchOne)).toEqualTypeOf<StreamBase<boolean, SrcErr | InnerErr>>()
  })
  it("flatMap family: items of the inner streams, both error types", () => {
    expectTypeOf(stream.flatMap(nums, inner, { concurrency: 2 })).toEqualTypeOf<StreamBase<string, SrcErr | InnerErr>>()
    expectTypeOf(stream.switchMap(nums, inner)).toEqualTypeOf<StreamBase<string, SrcErr | InnerErr>>()
    expectTypeOf(stream.exhaustMap(nums, inner)).toEqualTypeOf<StreamBase<string, SrcErr | InnerErr>>()
    expectTypeOf(stream.concatMap(nums, inner)).toEqualTypeOf<StreamBase<string, SrcErr | InnerErr>>()
  })
  it("concat unions items and errors; fold is a future", () => {
    expectTypeOf(stream.concat(nums, inner(1))).toEqualTypeOf<StreamBase<number | string, SrcErr | InnerErr>>()
    expectTypeOf(stream.fold(nums, "", (a, x) => a + x)).toEqualTypeOf<FutureBase<string, SrcErr>>()
  })
  it("catchError replaces the error type with the handler stream's", () => {
    const s = stream.catchError(nums, (e) => {
      expectTypeOf(e).toEqualTypeOf<SrcErr>()
      return fallback
    })
    expectTypeOf(s).toEqualTypeOf<StreamBase<number | string, Fallback>>()
  })
  it("per-item timeout adds TimeoutError; fuse and peekable keep their own types", () => {
    expectTypeOf(stream.timeout(nums, 10)).toEqualTypeOf<StreamBase<number, SrcErr | TimeoutError>>()
    expectTypeOf(stream.fuse(nums)).toEqualTypeOf<FusedStream<number, SrcErr>>()
    const p = stream.peekable(nums)
    expectTypeOf(p).toEqualTypeOf<Peekable<number, SrcErr>>()
    expectTypeOf(p.peek()).toEqualTypeOf<Pollable<number | typeof Done, SrcErr>>()
  })
  it("share gives subscribers with the source's types", () => {
    const shared = stream.share(nums, { replay: 1 })
    expectTypeOf(shared).toEqualTypeOf<SharedStream<number, SrcErr>>()
    expectTypeOf(shared.subscribe()).toEqualTypeOf<StreamBase<number, SrcErr>>()
  })
})
