import { describe, expectTypeOf, it } from "vitest"
import type { Observable, SchedulerLike } from "rxjs"
import type { Done, TimeoutError, Adapter, Future, RunnerKinds, Stream } from "@pollable/core"
import {
  RxjsExecutor,
  asSchedulerLike,
  firstValueFrom,
  fromObservable,
  lastValueFrom,
  observableToStream,
  rxjs,
  streamToObservable,
  toObservable,
  type ObservableStream,
} from "@pollable/adapter-rxjs"

declare const f: Future<number, TimeoutError>
declare const o: Observable<string>
declare const s: Stream<number, Error>

describe("adapter-rxjs types", () => {
  it("toObservable: Future<number, E> → Observable<number>", () => {
    expectTypeOf(toObservable(() => f)).toEqualTypeOf<Observable<number>>()
    expectTypeOf(toObservable(() => f, { interrupted: "error" })).toEqualTypeOf<Observable<number>>()
    // @ts-expect-error the argument is a factory, not a future
    toObservable(f)
    // @ts-expect-error unknown interrupted policy
    toObservable(() => f, { interrupted: "ignore" })
  })

  it("fromObservable modes", () => {
    expectTypeOf(fromObservable(o)).toEqualTypeOf<import("@pollable/core").Pollable<string, unknown>>()
    expectTypeOf(fromObservable(o, { mode: "first" })).toEqualTypeOf<
      import("@pollable/core").Pollable<string, unknown>
    >()
    expectTypeOf(fromObservable(o, { mode: "toArray" })).toEqualTypeOf<
      import("@pollable/core").Pollable<string[], unknown>
    >()
    expectTypeOf(fromObservable(o, { mode: "last", default: 0 })).toEqualTypeOf<
      import("@pollable/core").Pollable<string | number, unknown>
    >()
    expectTypeOf(fromObservable(Promise.resolve(1 as const))).toEqualTypeOf<
      import("@pollable/core").Pollable<1, unknown>
    >()
    // @ts-expect-error unknown mode
    fromObservable(o, { mode: "all" })
  })

  it("firstValueFrom / lastValueFrom", () => {
    expectTypeOf(firstValueFrom(o)).toEqualTypeOf<Promise<string>>()
    expectTypeOf(lastValueFrom(o, { default: null })).toEqualTypeOf<Promise<string | null>>()
    expectTypeOf(firstValueFrom(o, { signal: new AbortController().signal })).toEqualTypeOf<Promise<string>>()
  })

  it("streams both ways", () => {
    expectTypeOf(streamToObservable(s)).toEqualTypeOf<Observable<number>>()
    expectTypeOf(streamToObservable(() => s)).toEqualTypeOf<Observable<number>>()
    const back = observableToStream(o, { buffer: 4, overflow: "dropOldest" })
    expectTypeOf(back).toEqualTypeOf<ObservableStream<string>>()
    expectTypeOf(back).toMatchTypeOf<Stream<string, unknown>>()
    expectTypeOf(back.next()).toMatchTypeOf<Future<string | typeof Done, unknown>>()
    // @ts-expect-error unknown overflow policy
    observableToStream(o, { overflow: "drop" })
  })

  it("executor, scheduler and adapter", () => {
    expectTypeOf(new RxjsExecutor().spawn(f)).toMatchTypeOf<PromiseLike<number>>()
    expectTypeOf(asSchedulerLike(new RxjsExecutor())).toEqualTypeOf<SchedulerLike>()
    expectTypeOf(rxjs).toEqualTypeOf<Adapter<"rxjs">>()
    expectTypeOf<RunnerKinds<number, TimeoutError>["rxjs"]>().toEqualTypeOf<Observable<number>>()
    expectTypeOf(rxjs.run(() => f)).toEqualTypeOf<Observable<number>>()
  })
})
