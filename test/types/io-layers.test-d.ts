import { describe, expectTypeOf, it } from "vitest"
import {
  AsyncFd,
  BufReader,
  BufWriter,
  bytesCodec,
  type Done,
  flush,
  framed,
  framedRead,
  framedWrite,
  lengthDelimited,
  linesCodec,
  pipeline,
  read,
  readExact,
  shutdown,
  split,
  writeAll,
  type AsyncRead,
  type AsyncWrite,
  type Codec,
  type Framed,
  type FramedRead,
  type FrameSink,
  type Pollable,
  type NeedMore,
  type Pipeline,
  type PipelineCall,
  type ReadHalf,
  type WriteHalf,
} from "@pollable/core"
import { memoryPair, type MemorySource } from "@pollable/core/testing"

describe("io layer types", () => {
  it("AsyncFd is a byte stream; helpers keep exact value and error types", () => {
    const fd = new AsyncFd(memoryPair()[0])
    expectTypeOf(fd).toMatchTypeOf<AsyncRead & AsyncWrite>()
    expectTypeOf(read(fd, new Uint8Array(1))).toEqualTypeOf<Pollable<number, Error>>()
    expectTypeOf(read(fd)).toEqualTypeOf<Pollable<Uint8Array, Error>>()
    expectTypeOf(readExact(fd, new Uint8Array(1))).toEqualTypeOf<Pollable<Uint8Array, Error>>()
    expectTypeOf(writeAll(fd, new Uint8Array(1))).toEqualTypeOf<Pollable<void, Error>>()
    expectTypeOf(flush(fd)).toEqualTypeOf<Pollable<void, Error>>()
    expectTypeOf(shutdown(fd)).toEqualTypeOf<Pollable<void, Error>>()
    // a reader is not a writer
    const r = {} as AsyncRead
    // @ts-expect-error an AsyncRead has no pollWrite
    writeAll(r, new Uint8Array(1))
  })

  it("BufReader/BufWriter keep the inner type; readLine may end with Done", () => {
    const fd = new AsyncFd(memoryPair()[0])
    const br = new BufReader(fd)
    expectTypeOf(br.inner).toEqualTypeOf<AsyncFd<MemorySource>>()
    expectTypeOf(br.readLine()).toEqualTypeOf<Pollable<string | typeof Done, Error>>()
    expectTypeOf(br.readUntil(10)).toEqualTypeOf<Pollable<Uint8Array, Error>>()
    expectTypeOf(new BufWriter(fd)).toMatchTypeOf<AsyncWrite>()
  })

  it("split gives typed halves", () => {
    const fd = new AsyncFd(memoryPair()[0])
    expectTypeOf(split(fd)).toEqualTypeOf<[ReadHalf<AsyncFd<MemorySource>>, WriteHalf<AsyncFd<MemorySource>>]>()
  })

  it("codecs type the frames in and out", () => {
    const fd = new AsyncFd(memoryPair()[0])
    expectTypeOf(framed(fd, linesCodec())).toEqualTypeOf<Framed<string, string>>()
    expectTypeOf(framed(fd, linesCodec()).next()).toEqualTypeOf<Pollable<string | typeof Done, Error>>()
    expectTypeOf(framedRead(fd, lengthDelimited())).toEqualTypeOf<FramedRead<Uint8Array>>()
    expectTypeOf(framedWrite(fd, bytesCodec())).toEqualTypeOf<FrameSink<Uint8Array>>()
    const mixed = {} as Codec<number, string>
    const f = framed(fd, mixed)
    expectTypeOf(f.send).parameter(0).toEqualTypeOf<string>()
    expectTypeOf(f.next()).toEqualTypeOf<Pollable<number | typeof Done, Error>>()
    expectTypeOf(mixed.decode).returns.toEqualTypeOf<number | NeedMore>()
  })

  it("pipeline calls resolve to a frame, or to what the assembler returns", () => {
    const fd = new AsyncFd(memoryPair()[0])
    const p = pipeline(framed(fd, linesCodec()))
    expectTypeOf(p).toEqualTypeOf<Pipeline<string, string>>()
    expectTypeOf(p.call("x")).toEqualTypeOf<PipelineCall<string>>()
    expectTypeOf(p.call("x", (f) => f.length)).toEqualTypeOf<PipelineCall<number>>()
    expectTypeOf(p.call("x")).toMatchTypeOf<Pollable<string, Error>>()
  })
})
