import { describe, expectTypeOf, it } from "vitest"
import type { AsyncFd, Pollable, IoSource, StreamBase } from "@pollable/core"
import {
  type NeedMore,
  RespClient,
  RespDecoder,
  type RespClientOptions,
  type RespMessage,
  type RespValue,
} from "../../examples/resp/client.js"

declare const fd: AsyncFd<IoSource>

describe("RESP example types", () => {
  it("client commands are futures of RespValue that fail with Error", () => {
    const c = new RespClient(fd, { maxBulkLength: 1024 })
    expectTypeOf(c.get("k")).toEqualTypeOf<Pollable<RespValue, Error>>()
    expectTypeOf(c.pipeline([["PING"]])).toEqualTypeOf<Pollable<RespValue[], Error>>()
    expectTypeOf(c.subscribe("ch")).toEqualTypeOf<Pollable<StreamBase<RespMessage, Error>, Error>>()
    expectTypeOf<RespClientOptions>().toEqualTypeOf<{
      readonly maxBulkLength?: number
      readonly maxArrayLength?: number
      readonly maxLineLength?: number
    }>()
  })

  it("the decoder yields a reply or NeedMore", () => {
    expectTypeOf(new RespDecoder().next()).toEqualTypeOf<RespValue | typeof NeedMore>()
  })
})
