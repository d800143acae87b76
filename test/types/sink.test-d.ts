import { describe, expectTypeOf, it } from "vitest"
import { send, sinkFromFn, stream, type Future, type Pollable, type Sink, type Stream } from "@pollable/core"

class WriteErr extends Error {
  readonly _tag = "WriteErr"
}
class ReadErr extends Error {
  readonly _tag = "ReadErr"
}
declare const write: (n: number) => Future<void, WriteErr>
declare const numbers: Stream<number, ReadErr>

describe("Sink types", () => {
  it("sinkFromFn, send and forward carry both error types", () => {
    const sink = sinkFromFn(write)
    expectTypeOf(sink).toEqualTypeOf<Sink<number, WriteErr>>()
    expectTypeOf(send(sink, 1)).toEqualTypeOf<Pollable<void, WriteErr>>()
    expectTypeOf(stream.forward(numbers, sink)).toEqualTypeOf<Pollable<void, ReadErr | WriteErr>>()
    // @ts-expect-error a sink of numbers does not take strings
    send(sink, "x")
  })
})
