// Bad input to the Node IO entry points is a named error at call time whose message says
// what was wrong and what to pass — never a bare RangeError/TypeError from deep inside Node,
// and never an fd that can do nothing.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { connect, connectUnix, fromFd, fromStream, listen, ListenFailed } from "@pollable/adapter-native/io"
import { executors } from "./executors.js"
import { refuses } from "../../support/refuses.js"

const expectInvalid = (f: () => unknown, ...parts: RegExp[]) => refuses(f, undefined, ...parts)

describe("connect / connectUnix: bad target", () => {
  it.each([-1, 0, 1.5, Number.NaN, 65536, "6379" as unknown as number])(
    "connect(host, %s) is InvalidArgument at call time",
    (port) => {
      expectInvalid(
        () => connect("127.0.0.1", port),
        /port must be a whole number from 1 to 65535/,
        /pass the server's TCP port/,
      )
    },
  )
  it("a non-string host is InvalidArgument", () => {
    expectInvalid(() => connect(undefined as unknown as string, 80), /host must be a non-empty string/)
  })
  it("an empty or non-string Unix path is InvalidArgument", () => {
    expectInvalid(() => connectUnix(""), /path must be a non-empty string/)
    expectInvalid(() => connectUnix(3 as unknown as string), /path must be a non-empty string/)
  })
})

describe("listen: bad port, bad handler, address in use", () => {
  it.each([-1, 1.5, Number.NaN, 70000, "0" as unknown as number])(
    "listen(%s) is InvalidArgument at call time",
    (port) => {
      expectInvalid(() => listen(port), /port must be a whole number from 0 to 65535/, /pass 0 for a free port/)
    },
  )
  it("an object without port or path, or with a bad port, is InvalidArgument", () => {
    expectInvalid(() => listen({} as { path: string }), /\{ port, host\? \} or \{ path \}/)
    expectInvalid(() => listen({ port: -5 }), /port must be a whole number from 0 to 65535/)
    expectInvalid(() => listen({ path: "" }), /path must be a non-empty string/)
  })
  it("a handler that is not a function is InvalidArgument", () => {
    expectInvalid(() => listen(0, 5 as never), /handler/, /expected a function/)
  })
  it("a port already in use fails with ListenFailed naming the address and the fix", async () => {
    const ex = executors[0]!.make()
    const l = await ex.spawn(listen(0))
    try {
      const err = await Promise.resolve(ex.spawn(listen(l.port))).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(ListenFailed)
      expect((err as ListenFailed).code).toBe("EADDRINUSE")
      expect((err as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${l.port}.*EADDRINUSE.*pass 0`))
    } finally {
      l.close()
    }
  })
})

describe("fromFd / fromStream: nothing to wrap", () => {
  it("a negative, fractional or closed fd is InvalidArgument", () => {
    expectInvalid(() => fromFd(-1), /fd must be a whole number from 0 to 2147483647/)
    expectInvalid(() => fromFd(2.5), /fd must be a whole number from 0 to 2147483647/)
    const file = path.join(os.tmpdir(), `pollable-badfd-${process.pid}.txt`)
    fs.writeFileSync(file, "x")
    const closed = fs.openSync(file, "r")
    fs.closeSync(closed)
    fs.unlinkSync(file)
    expectInvalid(() => fromFd(closed), new RegExp(`fd ${closed} is not open \\(EBADF\\)`), /open it first/)
  })
  it("null, or an object with neither a readable nor a writable stream, is InvalidArgument", () => {
    expectInvalid(() => fromStream(null as never), /expected a Node stream or \{ readable\?, writable\? \}/)
    expectInvalid(() => fromStream({}), /neither a readable nor a writable/)
    expectInvalid(() => fromStream({ readable: 5 } as never), /readable must be a Node Readable/)
  })
})
