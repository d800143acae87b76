import { describe, expectTypeOf, it } from "vitest"
import {
  type AsyncFd,
  write,
  type BrokenPipeBy,
  type BytesLike,
  type Pollable,
  type IoSource,
  type WouldBlock,
} from "@pollable/core"

declare const fd: AsyncFd<IoSource>

describe("AsyncFd write argument types", () => {
  it("write / tryWrite / write(fd, ...) take any ArrayBufferView or ArrayBuffer", () => {
    expectTypeOf(fd.write).parameter(0).toEqualTypeOf<BytesLike>()
    expectTypeOf(fd.tryWrite).parameter(0).toEqualTypeOf<BytesLike>()
    expectTypeOf(write<IoSource>)
      .parameter(1)
      .toEqualTypeOf<BytesLike>()
    expectTypeOf(fd.write(new DataView(new ArrayBuffer(1)))).toEqualTypeOf<Pollable<void, Error>>()
    expectTypeOf(fd.tryWrite(new Uint16Array(1).buffer)).toEqualTypeOf<number | WouldBlock>()
    // @ts-expect-error a string is not bytes: encode it first
    fd.write("text")
    // @ts-expect-error a plain array is not bytes
    fd.write([1, 2, 3])
  })

  it("BrokenPipe.by names the side", () => {
    expectTypeOf<BrokenPipeBy>().toEqualTypeOf<"peer" | "shutdown" | "read-only">()
  })
})
