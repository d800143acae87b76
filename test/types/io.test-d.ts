import { describe, expectTypeOf, it } from "vitest"
import { AsyncFd, Done, lines, read, WouldBlock, type FutureBase, type IoSource, type ReadyGuard, type StreamBase } from "@pollable/core"
import { connect, type NodeFd } from "@pollable/adapter-native/io"
import { memoryPair, type MemorySource } from "@pollable/core/testing"

describe("io types", () => {
  it("AsyncFd keeps its source type and its helpers are typed", () => {
    const [a] = memoryPair()
    const fd = new AsyncFd(a)
    expectTypeOf(fd.source).toEqualTypeOf<MemorySource>()
    expectTypeOf(read(fd)).toEqualTypeOf<FutureBase<Uint8Array, Error>>()
    expectTypeOf(lines(fd)).toEqualTypeOf<StreamBase<string, Error>>()
    expectTypeOf(lines(fd).next()).toEqualTypeOf<FutureBase<string | typeof Done, Error>>()
    expectTypeOf(fd.readable()).toMatchTypeOf<FutureBase<ReadyGuard<MemorySource>, unknown>>()
    const g = {} as ReadyGuard<MemorySource>
    expectTypeOf(g.tryIo((s) => s.tryRead())).toEqualTypeOf<Uint8Array | typeof WouldBlock | typeof import("@pollable/core").Eof>()
    expectTypeOf(connect("127.0.0.1", 1)).toMatchTypeOf<FutureBase<NodeFd, unknown>>()
    expectTypeOf<MemorySource>().toMatchTypeOf<IoSource>()
  })
})
