import { describe, expect, it } from "vitest"
import { asapScheduler, lastValueFrom as rxLast } from "rxjs"
import { ready, stream } from "@pollable/core"
import { RxjsExecutor, streamToObservable, toObservable } from "@pollable/adapter-rxjs"
import { refuses } from "../support/refuses.js"

describe("the RxJS runners and executor check their options at call time", () => {
  it("toObservable(make, { executor: {} }) is InvalidArgument", () => {
    refuses(
      () => toObservable(() => ready(1), { executor: {} as never }),
      "toObservable(..., { executor })",
      /expected a pollable Executor \(spawn\(\) and timer\), got an object; pass an executor such as/,
    )
    refuses(() => toObservable(() => ready(1), 3 as never), "toObservable(..., options)", /options must be an object/)
  })

  it("streamToObservable's executor option too", () => {
    refuses(
      () => streamToObservable(stream.fromIterable([1]), { executor: Promise.resolve() as never }),
      "streamToObservable(..., { executor })",
      /got a Promise/,
    )
  })

  it("new RxjsExecutor(scheduler, { timer: {} }) and non-object options are refused", () => {
    refuses(
      () => new RxjsExecutor(asapScheduler, { timer: {} as never }),
      "new RxjsExecutor(scheduler, { timer })",
      /expected a Timer/,
    )
    refuses(() => new RxjsExecutor(asapScheduler, "x" as never), "new RxjsExecutor(scheduler, options)", /got a string/)
  })

  it("good options still work", async () => {
    await expect(rxLast(toObservable(() => ready(7), { executor: new RxjsExecutor() }))).resolves.toBe(7)
  })
})
