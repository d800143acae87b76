/**
 * The exact type — value and error — of every public future-returning function of the four
 * packages, and of each runner (toEffect, bind to every adapter, toObservable, toPromise).
 * No `unknown`, `undefined` or impossible member where the real set is known; `unknown` is
 * pinned only where anything may be thrown (a user callback, a promise, an observable, a
 * worker).
 */
import { describe, expectTypeOf, it } from "vitest"
import type { Observable } from "rxjs"
import type { Effect } from "effect"
import * as Eff from "effect/Effect"
import {
  type Sleep,
  AsyncFd,
  type ChannelClosed,
  type Done,
  type Lagged,
  Mutex,
  Notify,
  Semaphore,
  abortable,
  andThen,
  bind,
  broadcast,
  catchError,
  catchTag,
  copy,
  fail,
  fromCallback,
  fuse,
  gen,
  join,
  joinAll,
  lazy,
  map,
  mapError,
  mpsc,
  oneshot,
  pending,
  pollFn,
  race,
  read,
  readExact,
  ready,
  result,
  select,
  selectAll,
  settle,
  shared,
  sleep,
  stream,
  suspend,
  timeout,
  timerFdSleep,
  tryJoin,
  tryJoinAll,
  wrap,
  write,
  yieldNow,
  type FdBusy,
  type FdClosed,
  type Fuse,
  type Outcome,
  type Permit,
  type MutexGuard,
  type Pollable,
  type ReadyGuard,
  type Result,
  type SemaphoreClosed,
  type SharedFuture,
  type TimeoutError,
} from "@pollable/core"
import { memoryPair, type MemorySource } from "@pollable/core/testing"
import { fromPromise, native, toPromise } from "@pollable/adapter-native"
import { spawnBlocking } from "@pollable/adapter-native/blocking"
import {
  connect,
  connectUnix,
  listen,
  type ConnectFailed,
  type Listener,
  type ListenFailed,
  type NodeFd,
} from "@pollable/adapter-native/io"
import { rxjs, fromObservable, toObservable } from "@pollable/adapter-rxjs"
import { effect, fromEffect, toEffect, type EffectFuture } from "@pollable/adapter-effect"

class NotFound extends Error {
  readonly _tag = "NotFound"
}
class RateLimited extends Error {
  readonly _tag = "RateLimited"
}
declare const page: Pollable<string, NotFound>
declare const hand: {
  poll(cx: import("@pollable/core").Context): import("@pollable/core").Poll<number>
  cancel(): void
}

describe("core combinators: exact Pollable<T, E>", () => {
  it("sources", () => {
    expectTypeOf(ready(1)).toEqualTypeOf<Pollable<number, never>>()
    expectTypeOf(pending<string>()).toEqualTypeOf<Pollable<string, never>>()
    expectTypeOf(pending()).toEqualTypeOf<Pollable<never, never>>()
    expectTypeOf(sleep(1)).toEqualTypeOf<Sleep>() // a Pollable<void, never> whose deadline can move
    expectTypeOf(sleep(1)).toMatchTypeOf<Pollable<void, never>>()
    expectTypeOf(yieldNow()).toEqualTypeOf<Pollable<void, never>>()
    expectTypeOf(fail(new NotFound())).toEqualTypeOf<Pollable<never, NotFound>>()
    expectTypeOf(pollFn<number, NotFound>(() => 1)).toEqualTypeOf<Pollable<number, NotFound>>()
    // lazy runs a user function that may throw anything
    expectTypeOf(lazy(() => 1)).toEqualTypeOf<Pollable<number, unknown>>()
    expectTypeOf(suspend(() => page)).toEqualTypeOf<Pollable<string, NotFound>>()
    expectTypeOf(fromCallback<number, NotFound>(() => {})).toEqualTypeOf<Pollable<number, NotFound>>()
    expectTypeOf(timerFdSleep(1)).toEqualTypeOf<Pollable<void, never>>()
  })
  it("wrap: a hand-written { poll, cancel } becomes a Pollable with one call", () => {
    expectTypeOf(wrap(hand)).toEqualTypeOf<Pollable<number, unknown>>()
    expectTypeOf(wrap(hand as import("@pollable/core").Future<number, NotFound>)).toEqualTypeOf<
      Pollable<number, NotFound>
    >()
    gen(function* () {
      const n = yield* wrap(hand)
      expectTypeOf(n).toEqualTypeOf<number>()
    })
  })
  it("transformers keep exactly the inner error and add only their own", () => {
    expectTypeOf(map(page, (s) => s.length)).toEqualTypeOf<Pollable<number, NotFound>>()
    expectTypeOf(andThen(page, () => fail(new RateLimited()))).toEqualTypeOf<Pollable<never, NotFound | RateLimited>>()
    expectTypeOf(timeout(page, 1)).toEqualTypeOf<Pollable<string, NotFound | TimeoutError>>()
    expectTypeOf(timeout(pending(), 1)).toEqualTypeOf<Pollable<never, TimeoutError>>()
    expectTypeOf(abortable(page, new AbortController().signal)).toEqualTypeOf<Pollable<string, NotFound>>()
    expectTypeOf(shared(page)).toEqualTypeOf<SharedFuture<string, NotFound>>()
    expectTypeOf(shared(page)).toExtend<Pollable<string, NotFound>>()
    expectTypeOf(fuse(page)).toEqualTypeOf<Fuse<string, NotFound>>()
    expectTypeOf(settle(page)).toEqualTypeOf<Pollable<Outcome<string, NotFound>, never>>()
    expectTypeOf(result(page)).toEqualTypeOf<Pollable<Result<string, NotFound>, never>>()
    expectTypeOf(catchError(page, () => ready(0))).toEqualTypeOf<Pollable<string | number, never>>()
    expectTypeOf(catchTag(page, "NotFound", () => ready(""))).toEqualTypeOf<Pollable<string, never>>()
    expectTypeOf(mapError(page, () => new RateLimited())).toEqualTypeOf<Pollable<string, RateLimited>>()
  })
  it("fan-in", () => {
    const other = {} as Pollable<number, RateLimited>
    expectTypeOf(join(page, other)).toEqualTypeOf<Pollable<[string, number], NotFound | RateLimited>>()
    expectTypeOf(tryJoin(page, other)).toEqualTypeOf<Pollable<[string, number], NotFound | RateLimited>>()
    expectTypeOf(joinAll([page, page])).toEqualTypeOf<Pollable<string[], NotFound>>()
    expectTypeOf(tryJoinAll([page, page])).toEqualTypeOf<Pollable<string[], NotFound>>()
    expectTypeOf(race(page, other)).toEqualTypeOf<Pollable<string | number, NotFound | RateLimited>>()
    expectTypeOf(select(page, other)).toEqualTypeOf<
      Pollable<
        { readonly index: 0; readonly value: string } | { readonly index: 1; readonly value: number },
        NotFound | RateLimited
      >
    >()
    expectTypeOf(selectAll([page])).toEqualTypeOf<
      Pollable<{ readonly index: number; readonly value: string }, NotFound>
    >()
  })
  it("gen: the union of what is yielded, never from a bare throw", () => {
    const g = gen(function* () {
      const s = yield* page
      if (s === "") return yield* fail(new RateLimited())
      return s
    })
    expectTypeOf(g).toEqualTypeOf<Pollable<string, NotFound | RateLimited>>()
  })
})

describe("channels, sync, streams, io", () => {
  it("channels", () => {
    const [tx, rx] = mpsc<number>(1)
    expectTypeOf(tx.send(1)).toEqualTypeOf<Pollable<void, ChannelClosed>>()
    expectTypeOf(rx.recv()).toEqualTypeOf<Pollable<number | typeof Done, never>>()
    const [otx, orx] = oneshot<number>()
    expectTypeOf(orx).toExtend<Pollable<number, ChannelClosed>>()
    expectTypeOf<import("@pollable/core").ErrorOf<typeof orx>>().toEqualTypeOf<ChannelClosed>()
    expectTypeOf(otx.closed()).toEqualTypeOf<Pollable<void, never>>()
    const [, brx] = broadcast<number>(1)
    expectTypeOf(brx.recv()).toEqualTypeOf<Pollable<number | typeof Done, Lagged>>()
  })
  it("sync: a Semaphore can be closed, a Mutex cannot", () => {
    expectTypeOf(new Semaphore(1).acquire()).toEqualTypeOf<Pollable<Permit, SemaphoreClosed>>()
    // one the author never closes says so, and its acquire() cannot fail
    const never = new Semaphore<never>(1)
    expectTypeOf(never.acquire()).toEqualTypeOf<Pollable<Permit, never>>()
    // @ts-expect-error a Semaphore<never> has no close()
    never.close()
    new Semaphore(1).close()
    expectTypeOf(new Mutex(0).lock()).toEqualTypeOf<Pollable<MutexGuard<number>, never>>()
    expectTypeOf(new Notify().notified()).toEqualTypeOf<Pollable<void, never>>()
  })
  it("streams", () => {
    const s = stream.fromIterable([1, 2]) as import("@pollable/core").Stream<number, NotFound>
    expectTypeOf(stream.collect(s)).toEqualTypeOf<Pollable<number[], NotFound>>()
    expectTypeOf(stream.next(s)).toEqualTypeOf<Pollable<number | typeof Done, NotFound>>()
    expectTypeOf(stream.forEach(s, () => {})).toEqualTypeOf<Pollable<void, NotFound>>()
    expectTypeOf(stream.forEach(s, () => fail(new RateLimited()))).toEqualTypeOf<
      Pollable<void, NotFound | RateLimited>
    >()
  })
  it("io", () => {
    const [a, b] = memoryPair()
    const fa = new AsyncFd(a)
    expectTypeOf(fa.readable()).toEqualTypeOf<Pollable<ReadyGuard<MemorySource>, FdClosed | FdBusy>>()
    expectTypeOf(fa.writable()).toEqualTypeOf<Pollable<ReadyGuard<MemorySource>, FdClosed | FdBusy>>()
    expectTypeOf(read(fa)).toEqualTypeOf<Pollable<Uint8Array, Error>>()
    expectTypeOf(readExact(fa, 1)).toEqualTypeOf<Pollable<Uint8Array, Error>>()
    expectTypeOf(write(fa, new Uint8Array())).toEqualTypeOf<Pollable<void, Error>>()
    expectTypeOf(copy(fa, new AsyncFd(b))).toEqualTypeOf<Pollable<number, Error>>()
  })
})

describe("adapters' futures", () => {
  it("fromPromise / spawnBlocking: anything a promise or a worker throws", () => {
    expectTypeOf(fromPromise(() => Promise.resolve(1))).toEqualTypeOf<Pollable<number, unknown>>()
    expectTypeOf(fromPromise<number, NotFound>(() => Promise.resolve(1))).toEqualTypeOf<Pollable<number, NotFound>>()
    expectTypeOf(spawnBlocking((x: number) => x + 1, 1)).toEqualTypeOf<Pollable<number, unknown>>()
  })
  it("Node IO: connect, listen, accept", () => {
    expectTypeOf(connect("127.0.0.1", 1)).toEqualTypeOf<Pollable<NodeFd, ConnectFailed>>()
    expectTypeOf(connectUnix("/tmp/x.sock")).toEqualTypeOf<Pollable<NodeFd, ConnectFailed>>()
    expectTypeOf(listen(0)).toEqualTypeOf<Pollable<Listener, ListenFailed>>()
    expectTypeOf({} as ReturnType<Listener["accept"]>).toEqualTypeOf<Pollable<NodeFd, FdClosed>>()
  })
  it("fromObservable: anything an observable errors with", () => {
    const o = {} as Observable<string>
    expectTypeOf(fromObservable(o)).toEqualTypeOf<Pollable<string, unknown>>()
  })
  it("fromEffect: the Effect's typed error, defects stay defects", () => {
    const e = Eff.fail(new NotFound()) as Effect.Effect<number, NotFound>
    expectTypeOf(fromEffect(e)).toEqualTypeOf<EffectFuture<number, NotFound>>()
    expectTypeOf(fromEffect(Eff.succeed(1))).toEqualTypeOf<EffectFuture<number, never>>()
  })
})

describe("runners", () => {
  it("toEffect: the error channel is exactly ErrorOf", () => {
    expectTypeOf(toEffect(() => page)).toEqualTypeOf<Effect.Effect<string, NotFound>>()
    expectTypeOf(toEffect(() => ready(1))).toEqualTypeOf<Effect.Effect<number, never>>()
    expectTypeOf(toEffect(() => fail(new NotFound()))).toEqualTypeOf<Effect.Effect<never, NotFound>>()
    expectTypeOf(toEffect(() => new Mutex(1).lock())).toEqualTypeOf<Effect.Effect<MutexGuard<number>, never>>()
    expectTypeOf(toEffect(() => abortable(page, new AbortController().signal))).toEqualTypeOf<
      Effect.Effect<string, NotFound>
    >()
    expectTypeOf(toEffect(() => wrap(hand))).toEqualTypeOf<Effect.Effect<number, unknown>>()
  })
  it("Effect.catchTag works on pollable's TimeoutError after toEffect, and removes it", () => {
    const t = toEffect(() => timeout(page, 10))
    expectTypeOf(t).toEqualTypeOf<Effect.Effect<string, NotFound | TimeoutError>>()
    const caught = Eff.catchTag(t, "TimeoutError", (e) => {
      expectTypeOf(e).toEqualTypeOf<TimeoutError>()
      return Eff.succeed(e.ms)
    })
    expectTypeOf(caught).toEqualTypeOf<Effect.Effect<string | number, NotFound>>()
    // Effect's own TimeoutError shares the tag: one catchTag handles both, instanceof tells them apart
    const both = Eff.timeout(t, "1 second")
    const all = Eff.catchTag(both, "TimeoutError", (e) => {
      expectTypeOf(e).toEqualTypeOf<TimeoutError | import("effect/Cause").TimeoutError>()
      return Eff.succeed(0)
    })
    expectTypeOf(all).toEqualTypeOf<Effect.Effect<string | number, NotFound>>()
  })
  it("toPromise and toObservable carry the value", () => {
    expectTypeOf(toPromise(page)).toEqualTypeOf<Promise<string>>()
    expectTypeOf(toPromise(fail(new NotFound()))).toEqualTypeOf<Promise<never>>()
    expectTypeOf(toObservable(() => page)).toEqualTypeOf<Observable<string>>()
    expectTypeOf(toObservable(() => pending())).toEqualTypeOf<Observable<never>>()
  })
  it("bind to every adapter: value and error from ValueOf / ErrorOf, for annotated and inferred futures", () => {
    const api = {
      page: (n: number) => map(page, (s) => s + n),
      count: () => ready(1), // inferred, cannot fail: no `undefined` in E
      locked: (m: Mutex<number>) => m.lock(),
      missing: () => fail(new NotFound()),
      hand: () => wrap(hand),
    }
    const e = bind(api, effect)
    expectTypeOf(e.page(1)).toEqualTypeOf<Effect.Effect<string, NotFound>>()
    expectTypeOf(e.count()).toEqualTypeOf<Effect.Effect<number, never>>()
    expectTypeOf(e.locked(new Mutex(0))).toEqualTypeOf<Effect.Effect<MutexGuard<number>, never>>()
    expectTypeOf(e.missing()).toEqualTypeOf<Effect.Effect<never, NotFound>>()
    expectTypeOf(e.hand()).toEqualTypeOf<Effect.Effect<number, unknown>>()
    const p = bind(api, native)
    expectTypeOf(p.count()).toEqualTypeOf<Promise<number>>()
    expectTypeOf(p.missing()).toEqualTypeOf<Promise<never>>()
    const o = bind(api, rxjs)
    expectTypeOf(o.page(1)).toEqualTypeOf<Observable<string>>()
    expectTypeOf(o.count()).toEqualTypeOf<Observable<number>>()
  })
})
