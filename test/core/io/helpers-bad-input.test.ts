import { describe, expect, it } from "vitest"
import { AsyncFd, copy, lines, read, readExact, stream, write } from "@pollable/core"
import { ManualExecutor, memoryPair } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"

const ADVICE = /wrap your source first: new AsyncFd\(source\)/

describe("io helpers refuse a non-fd at call time", () => {
  it("lines(undefined) is InvalidArgument (it used to return a stream whose toString threw)", () => {
    refuses(() => lines(undefined as never), "lines(fd)", /expected an AsyncFd, got undefined/, ADVICE)
    refuses(() => lines(3 as never), "lines(fd)", /got a number \(3\)/)
  })

  it.each([
    ["read(fd)", () => read(undefined as never)],
    ["readExact(fd, n)", () => readExact(1 as never, 1)],
    ["write(fd, bytes)", () => write({} as never, new Uint8Array(1))],
    ["copy(from, to)", () => copy(null as never, null as never)],
  ])("%s", (where, call) => {
    refuses(call, where, /expected an AsyncFd, got /, ADVICE)
  })

  it("lines(fd, options) refuses options that are not an object", () => {
    const [a] = memoryPair()
    refuses(
      () => lines(new AsyncFd(a), 5 as never),
      "lines(fd, options)",
      /options must be an object, got a number \(5\)/,
    )
  })

  it("valid fds still work", () => {
    const [a, b] = memoryPair()
    const fa = new AsyncFd(a)
    const fb = new AsyncFd(b)
    const ex = new ManualExecutor()
    ex.blockOn(write(fa, new TextEncoder().encode("x\ny\n")))
    fa.shutdown()
    expect(ex.blockOn(stream.collect(lines(fb)))).toEqual(["x", "y"])
  })
})
