// The Node sources' own tryWrite (callable directly, not only through AsyncFd) takes the
// same bytes as fd.write and refuses the rest with InvalidArgument.
import { PassThrough } from "node:stream"
import { describe, expect, it } from "vitest"
import { InvalidArgument } from "@pollable/core"
import { StreamSource } from "@pollable/adapter-native/io"

describe("StreamSource.tryWrite arguments", () => {
  it("a DataView writes its own byte range; {} and a string are InvalidArgument and write nothing", () => {
    const w = new PassThrough()
    const src = new StreamSource({ writable: w, label: "pipe" })
    expect(() => src.tryWrite({} as Uint8Array)).toThrow(InvalidArgument)
    expect(() => src.tryWrite("text" as unknown as Uint8Array)).toThrow(/TextEncoder/)
    expect(w.writableLength).toBe(0)
    expect(src.tryWrite(new DataView(new Uint8Array([1, 2, 3, 4, 5]).buffer, 1, 3))).toBe(3)
    expect([...(w.read() as Buffer)]).toEqual([2, 3, 4])
    src.close()
  })
})
