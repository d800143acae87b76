import { describe, expect, it } from "vitest"
import { ready, sleep, stream } from "@pollable/core"
import { VirtualClock } from "@pollable/core/testing"
import { NativeExecutor, scopeToPromise, toAsyncIterable, toPromise } from "@pollable/adapter-native"
import { refuses } from "../support/refuses.js"

describe("the native runners and executor check their options at call time", () => {
  it("toPromise(f, { executor: {} }) is InvalidArgument (it used to be a raw TypeError)", () => {
    refuses(
      () => toPromise(ready(1), { executor: {} as never }),
      "toPromise(future, { executor })",
      /expected a pollable Executor \(spawn\(\) and timer\), got an object; pass an executor/,
      /; pass an executor such as new NativeExecutor\(\)/,
    )
    refuses(() => toPromise(ready(1), 5 as never), "toPromise(future, options)", /options must be an object/)
    refuses(
      () => scopeToPromise(function* () {}, { executor: 1 as never }),
      "toPromise(future, { executor })",
      /got a number \(1\)/,
    )
  })

  it("toAsyncIterable's executor option too", () => {
    refuses(
      () => toAsyncIterable(stream.fromIterable([1]), { executor: {} as never }),
      "toAsyncIterable(stream, { executor })",
      /pollable Executor/,
    )
  })

  it("new NativeExecutor({ timer: {} }) and other malformed options are refused", () => {
    refuses(
      () => new NativeExecutor({ timer: {} as never }),
      "new NativeExecutor({ timer })",
      /expected a Timer \(now\(\), schedule\(\)\)/,
    )
    refuses(
      () => new NativeExecutor({ unref: "yes" as never }),
      "new NativeExecutor({ unref })",
      /expected true or false, got string/,
    )
    refuses(() => new NativeExecutor("fast" as never), "new NativeExecutor(options)", /got a string/)
    refuses(() => new NativeExecutor({ budget: -1 }), undefined, /budget/)
  })

  it("good options still work", async () => {
    const clock = new VirtualClock()
    const ex = new NativeExecutor({ timer: clock })
    const p = toPromise(sleep(5), { executor: ex })
    await clock.advanceAsync(5)
    await expect(p).resolves.toBeUndefined()
  })
})
