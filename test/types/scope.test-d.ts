import { describe, expectTypeOf, it } from "vitest"
import {
  buffered,
  bufferUnordered,
  type ChildrenFailed,
  type Done,
  gen,
  JoinSet,
  mapConcurrent,
  type Pending,
  scope,
  sleep,
  stream,
  type ChildHandle,
  type Future,
  type Scope,
  type ScopeFuture,
  type StreamBase,
  wrap,
} from "@pollable/core"

class NotFound extends Error {
  readonly _tag = "NotFound"
}
class RateLimited extends Error {
  readonly _tag = "RateLimited"
}
declare const fetchUser: (id: number) => Future<{ name: string }, NotFound>
declare const fetchCount: Future<number, RateLimited>

describe("scope types", () => {
  it("infers the value from the body's return; unannotated children make the error unknown", () => {
    const f = scope(function* (s) {
      const a = s.spawn(fetchUser(1))
      expectTypeOf(a).toEqualTypeOf<ChildHandle<{ name: string }, NotFound>>()
      const u = yield* a
      return u.name
    })
    expectTypeOf(f).toEqualTypeOf<ScopeFuture<string, unknown>>()
  })

  it("an annotated Scope<E> types the scope's error precisely and bounds spawn", () => {
    const f = scope(function* (s: Scope<NotFound | RateLimited>) {
      const a = s.spawn(fetchUser(1))
      const b = s.spawn(fetchCount)
      return (yield* a).name.length + (yield* b)
    })
    expectTypeOf(f).toEqualTypeOf<ScopeFuture<number, NotFound | RateLimited>>()

    scope(function* (s: Scope<NotFound>) {
      // @ts-expect-error RateLimited is not a NotFound
      s.spawn(fetchCount)
    })
  })

  it("errors of futures the body awaits directly are included", () => {
    const f = scope(function* (_s: Scope<never>) {
      yield* sleep(1)
      return yield* wrap(fetchCount)
    })
    expectTypeOf(f).toEqualTypeOf<ScopeFuture<number, RateLimited>>()
  })

  it("collectAll adds ChildrenFailed", () => {
    const f = scope(
      function* (s: Scope<NotFound>) {
        s.spawn(fetchUser(1))
        return 1
      },
      { mode: "collectAll" },
    )
    expectTypeOf(f).toEqualTypeOf<ScopeFuture<number, NotFound | ChildrenFailed<NotFound>>>()
  })

  it("a scope is a future usable in gen", () => {
    const g = gen(function* () {
      const n = yield* scope(function* (_s: Scope<never>) {
        return 1
      })
      return n
    })
    expectTypeOf(g).toMatchTypeOf<Future<number, never>>()
  })
})

describe("JoinSet types", () => {
  it("joinNext yields T | Done with error E; tryJoinNext adds Pending", () => {
    const set = new JoinSet<{ name: string }, NotFound>()
    set.spawn(fetchUser(1))
    // @ts-expect-error wrong error type
    set.spawn(fetchCount)
    expectTypeOf(set.joinNext()).toMatchTypeOf<Future<{ name: string } | typeof Done, NotFound>>()
    expectTypeOf(set.tryJoinNext()).toEqualTypeOf<{ name: string } | typeof Done | typeof Pending>()
    expectTypeOf(set.detachAll()).toEqualTypeOf<Future<{ name: string }, NotFound>[]>()
  })
})

describe("bounded concurrency types", () => {
  it("bufferUnordered / buffered / mapConcurrent carry value and error types", () => {
    const ids = stream.fromIterable([1, 2, 3]) as StreamBase<number, RateLimited>
    expectTypeOf(mapConcurrent(ids, 2, fetchUser)).toEqualTypeOf<StreamBase<{ name: string }, NotFound | RateLimited>>()
    const futures = stream.map(ids, fetchUser)
    expectTypeOf(bufferUnordered(futures, 2)).toEqualTypeOf<StreamBase<{ name: string }, NotFound | RateLimited>>()
    expectTypeOf(buffered(futures, 2)).toEqualTypeOf<StreamBase<{ name: string }, NotFound | RateLimited>>()
  })
})
