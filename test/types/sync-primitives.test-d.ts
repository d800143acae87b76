import { describe, expectTypeOf, it } from "vitest"
import {
  Barrier,
  CancellationToken,
  type ChannelClosed,
  Deferred,
  type FutureBase,
  type Interrupted,
  RwLock,
  gen,
  mpsc,
  unboundedMpsc,
  watch,
  type BarrierWaitResult,
  type ErrorOf,
  type Future,
  type MpscReceiver,
  type MpscSender,
  type Pollable,
  type RwLockReadGuard,
  type RwLockWriteGuard,
} from "@pollable/core"

class Boom extends Error {
  readonly _tag = "Boom"
}
declare const work: Future<number, Boom>

describe("sync and channel types", () => {
  it("Deferred<T, E>.wait() is Pollable<T, E>", () => {
    expectTypeOf(new Deferred<string, Boom>().wait()).toEqualTypeOf<Pollable<string, Boom>>()
    expectTypeOf(new Deferred<string>().wait()).toEqualTypeOf<Pollable<string, never>>()
  })
  it("RwLock guards: read-only and read-write; acquiring cannot fail", () => {
    const l = new RwLock({ n: 1 })
    expectTypeOf(l.read()).toEqualTypeOf<FutureBase<RwLockReadGuard<{ n: number }>, never>>()
    expectTypeOf(l.write()).toEqualTypeOf<FutureBase<RwLockWriteGuard<{ n: number }>, never>>()
    const g = gen(function* () {
      using r = yield* l.read()
      // @ts-expect-error a read guard's value cannot be replaced
      r.value = { n: 2 }
      using w = yield* l.write()
      w.value = { n: 3 }
    })
    expectTypeOf<ErrorOf<typeof g>>().toEqualTypeOf<never>()
  })
  it("Barrier.wait() gives the leader flag and cannot fail", () => {
    expectTypeOf(new Barrier(2).wait()).toEqualTypeOf<Pollable<BarrierWaitResult, never>>()
  })
  it("CancellationToken: runUntilCancelled adds Interrupted; cancelled() cannot fail", () => {
    const t = new CancellationToken()
    expectTypeOf(t.runUntilCancelled(work)).toEqualTypeOf<Pollable<number, Boom | Interrupted>>()
    expectTypeOf(t.cancelled()).toEqualTypeOf<Pollable<void, never>>()
    expectTypeOf(t.toAbortSignal()).toEqualTypeOf<AbortSignal>()
    expectTypeOf(CancellationToken.fromAbortSignal).parameter(0).toEqualTypeOf<AbortSignal>()
  })
  it("watch: changed() may fail with ChannelClosed; borrow() is the value type", () => {
    const [tx, rx] = watch({ level: "info" as "info" | "debug" })
    expectTypeOf(rx.changed()).toEqualTypeOf<Pollable<void, ChannelClosed>>()
    expectTypeOf(rx.borrow()).toEqualTypeOf<{ level: "info" | "debug" }>()
    // @ts-expect-error not the channel's type
    tx.send({ level: "trace" })
  })
  it("mpsc with an overflow policy and unboundedMpsc have the same ends", () => {
    expectTypeOf(mpsc<number>(4, { overflow: "dropOldest" })).toEqualTypeOf<
      [sender: MpscSender<number>, receiver: MpscReceiver<number>]
    >()
    expectTypeOf(unboundedMpsc<number>()).toEqualTypeOf<[sender: MpscSender<number>, receiver: MpscReceiver<number>]>()
    // @ts-expect-error unknown policy
    mpsc<number>(4, { overflow: "sliding" })
  })
})
