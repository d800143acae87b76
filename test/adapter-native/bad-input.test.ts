import { describe, it } from "vitest"
import { LocalExecutor, ready, stream } from "@pollable/core"
import {
  NativeExecutor,
  fromPromise,
  fromReadableStream,
  toAsyncIterable,
  toPromise,
  toReadableStream,
} from "@pollable/adapter-native"
import { spawnBlocking } from "@pollable/adapter-native/blocking"
import { refuses } from "../support/refuses.js"

// Each bad argument is refused at call time with InvalidArgument naming the call, what it
// got and what to pass — not a TypeError from deep inside a later poll.

describe("bad input is refused with InvalidArgument", () => {
  it("spawn of something that is not a future (every LocalExecutor)", () => {
    refuses(() => new NativeExecutor().spawn(42 as never), "native.spawn(future)", /got a number \(42\); pass a future/)
    refuses(
      () => new LocalExecutor({ name: "ref" }).spawn(Promise.resolve(1) as never),
      "ref.spawn(future)",
      /fromPromise/,
    )
  })

  it("toPromise: a non-future, a non-signal", () => {
    refuses(
      () => toPromise(Promise.resolve(1) as never),
      "toPromise(future)",
      /got a Promise; pass a future .*wrap a Promise with fromPromise/,
    )
    refuses(
      () => toPromise(ready(1), { signal: 42 as never }),
      "toPromise(future, { signal })",
      /expected an AbortSignal, got a number \(42\)/,
    )
  })

  it("fromPromise: a non-signal", () => {
    refuses(() => fromPromise(() => 1, { signal: {} as never }), "fromPromise(start, { signal })", /AbortController/)
  })

  it("streams: toAsyncIterable, toReadableStream, fromReadableStream", () => {
    refuses(() => toAsyncIterable([1, 2] as never), "toAsyncIterable(stream)", /got an array; pass a Stream/)
    refuses(() => toReadableStream(42 as never), "toReadableStream(stream)", /got a number/)
    refuses(
      () => fromReadableStream(stream.fromIterable([1]) as never),
      "fromReadableStream(source)",
      /expected a WHATWG ReadableStream/,
    )
  })

  it("spawnBlocking: neither a function nor a module and an export", () => {
    refuses(() => spawnBlocking(42 as never), "spawnBlocking(fnOrFile)", /got number/)
    refuses(() => spawnBlocking("./jobs.mjs", 5 as never), "spawnBlocking(file, exportName)", /export as a string/)
    refuses(() => spawnBlocking("./jobs.mjs", "run", "x" as never), "spawnBlocking(file, exportName, args)", /array/)
  })
})
