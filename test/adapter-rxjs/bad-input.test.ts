import { describe, expect, it } from "vitest"
import { of } from "rxjs"
import { InvalidArgument, ready } from "@pollable/core"
import {
  RxjsExecutor,
  asSchedulerLike,
  firstValueFrom,
  fromObservable,
  lastValueFrom,
  streamToObservable,
  toObservable,
} from "@pollable/adapter-rxjs"
import { refuses } from "../support/refuses.js"

// Bad arguments are refused at call time with InvalidArgument naming the call, what it got
// and what to pass — not a TypeError at the first schedule, nor a silently wrong mode.

describe("bad input is refused with InvalidArgument", () => {
  it("RxjsExecutor: a scheduler that is not a SchedulerLike", () => {
    refuses(
      () => new RxjsExecutor(42 as never),
      "new RxjsExecutor(scheduler)",
      /got a number \(42\); pass asapScheduler/,
    )
    refuses(
      () => new RxjsExecutor(undefined, { yieldScheduler: {} as never }),
      "new RxjsExecutor(scheduler, { yieldScheduler })",
      /SchedulerLike/,
    )
  })

  it("toObservable / streamToObservable: scheduler, interrupted policy, the stream itself", () => {
    refuses(
      () => toObservable(() => ready(1), { scheduler: 42 as never }),
      "toObservable(..., { scheduler })",
      /SchedulerLike/,
    )
    refuses(
      () => toObservable(() => ready(1), { interrupted: "ignore" as never }),
      "toObservable(..., { interrupted })",
      /"ignore".*"complete".*"error"/,
    )
    refuses(() => streamToObservable(42 as never), "streamToObservable(stream)", /got a number \(42\)/)
    refuses(
      () => streamToObservable(() => ready(1) as never, { interrupted: "x" as never }),
      "streamToObservable(..., { interrupted })",
      /unknown policy/,
    )
  })

  it("a spawned non-future errors the subscriber with InvalidArgument", () => {
    let err: unknown
    toObservable(() => 42 as never).subscribe({ error: (e: unknown) => (err = e) })
    expect(err).toBeInstanceOf(InvalidArgument)
  })

  it("fromObservable / firstValueFrom / lastValueFrom: an unknown mode, a non-signal", () => {
    refuses(
      () => fromObservable(of(1), { mode: "all" as never }),
      "fromObservable(source, { mode })",
      /unknown mode "all"; pass "first", "last"/,
    )
    refuses(
      () => firstValueFrom(of(1), { signal: 42 as never }),
      "firstValueFrom(source, { signal })",
      /AbortSignal, got a number \(42\)/,
    )
    refuses(() => lastValueFrom(of(1), { signal: {} as never }), "lastValueFrom(source, { signal })", /AbortController/)
  })

  it("asSchedulerLike: something that is not an executor", () => {
    refuses(() => asSchedulerLike({} as never), "asSchedulerLike(executor)", /expected a pollable Executor/)
  })
})
