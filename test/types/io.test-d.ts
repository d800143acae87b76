import { describe, expectTypeOf, it } from "vitest"
import {
  AsyncFd,
  type Done,
  lines,
  read,
  type WouldBlock,
  type FdBusy,
  type FdClosed,
  type Pollable,
  type IoSource,
  type ReadyGuard,
  type StreamBase,
} from "@pollable/core"
import { connect, type ConnectFailed, type NodeFd } from "@pollable/adapter-native/io"
import { memoryPair, type MemorySource } from "@pollable/core/testing"

describe("io types", () => {
  it("AsyncFd keeps its source type and its helpers are typed", () => {
    const [a] = memoryPair()
    const fd = new AsyncFd(a)
    expectTypeOf(fd.source).toEqualTypeOf<MemorySource>()
    expectTypeOf(read(fd)).toEqualTypeOf<Pollable<Uint8Array, Error>>()
    expectTypeOf(lines(fd)).toEqualTypeOf<StreamBase<string, Error>>()
    expectTypeOf(lines(fd).next()).toEqualTypeOf<Pollable<string | typeof Done, Error>>()
    expectTypeOf(fd.readable()).toEqualTypeOf<Pollable<ReadyGuard<MemorySource>, FdClosed | FdBusy>>()
    const g = {} as ReadyGuard<MemorySource>
    expectTypeOf(g.tryIo((s) => s.tryRead())).toEqualTypeOf<
      Uint8Array | typeof WouldBlock | typeof import("@pollable/core").Eof
    >()
    expectTypeOf(connect("127.0.0.1", 1)).toEqualTypeOf<Pollable<NodeFd, ConnectFailed>>()
    expectTypeOf<MemorySource>().toMatchTypeOf<IoSource>()
  })
})
