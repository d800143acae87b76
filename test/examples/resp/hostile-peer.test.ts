// The RESP client against a hostile peer on loopback (a plain node:net server that answers
// every command with a malformed or oversized frame): a named protocol error that says what
// was received, the connection closed, later commands failing with RespConnectionBroken,
// and memory that follows the bytes received, not the sizes announced.
import * as net from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { FdClosed, type Executor } from "@pollable/core"
import { connect, OnreadSource, type NodeFd } from "@pollable/adapter-native/io"
import {
  RespClient,
  RespConnectionBroken,
  RespProtocolError,
  RespTooLarge,
  type RespClientOptions,
} from "../../../examples/resp/client.js"
import { executors } from "../../adapter-native/io/executors.js"

/** A server that answers the first request on each connection with `frame` and then stays silent. */
async function hostile(
  frame: string | Buffer,
): Promise<{ port: number; wrote: Promise<void>; close(): Promise<void> }> {
  const socks = new Set<net.Socket>()
  let wrote!: () => void
  const written = new Promise<void>((r) => (wrote = r))
  const server = net.createServer((s) => {
    socks.add(s)
    s.on("error", () => {})
    s.once("data", () => s.write(frame, () => wrote()))
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return {
    port: (server.address() as net.AddressInfo).port,
    wrote: written,
    close: () =>
      new Promise<void>((r) => {
        for (const s of socks) s.destroy()
        server.close(() => r())
      }),
  }
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function clientOf(ex: Executor, frame: string | Buffer, options: RespClientOptions = {}) {
  const srv = await hostile(frame)
  cleanups.push(() => srv.close())
  const fd = await ex.spawn(connect("127.0.0.1", srv.port))
  const c = new RespClient(fd, options)
  cleanups.push(() => c.close())
  return { c, fd, srv }
}

const frames: [string, string, RegExp, abstract new (...args: never[]) => RespProtocolError][] = [
  ["$1e12", "$1e12\r\n", /"\$1e12" is not a whole number/, RespProtocolError],
  ["$abc", "$abc\r\n", /"\$abc" is not a whole number/, RespProtocolError],
  ["*-5", "*-5\r\n", /"\*-5" is negative/, RespProtocolError],
  ["a bad type byte", "!oops\r\n", /unexpected reply type byte "!"/, RespProtocolError],
  ["a missing CR", "+OK\n", /LF but no CR/, RespProtocolError],
  ["a bulk without its CRLF", "$3\r\nabcXY", /not followed by CRLF: got "X"/, RespProtocolError],
  [
    "$2000000000 (over the 512 MiB default)",
    "$2000000000\r\nabc",
    /bulk string of 2000000000 bytes, more than maxBulkLength \(536870912\)/,
    RespTooLarge,
  ],
  [
    "*4294967296 (over the array limit)",
    "*4294967296\r\n",
    /array of 4294967296 elements, more than maxArrayLength/,
    RespTooLarge,
  ],
]

const rows = executors.flatMap((e) =>
  frames.map(([what, frame, message, type]) => ({ ...e, what, frame, message, type })),
)

describe.each(rows)("RESP client, hostile peer sends $what ($name executor)", ({ make, frame, message, type }) => {
  it(
    "the command fails with a named protocol error, " + "the fd is closed, later commands get RespConnectionBroken",
    async () => {
      const ex = make()
      const { c, fd } = await clientOf(ex, frame)
      const err = await Promise.resolve(ex.spawn(c.get("k"))).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(type)
      expect((err as Error).message).toMatch(message)
      expect(fd.closed).toBe(true)
      const later = await Promise.resolve(ex.spawn(c.ping())).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(later).toBeInstanceOf(RespConnectionBroken)
      expect((later as Error).cause).toBe(err)
      expect((later as Error).message).toMatch(/open a new client/)
    },
  )
})

const sockOf = (fd: NodeFd): net.Socket =>
  fd.source instanceof OnreadSource ? fd.source.socket! : (fd.source.readable as net.Socket)
const turn = () => new Promise<void>((r) => setImmediate(r))
const MiB = 1024 * 1024

describe.each(executors)(
  "RESP client memory against an announced 2e9-byte bulk string ($name executor)",
  ({ make }) => {
    it("with the limit raised to 2 GiB, 3 received bytes of it keep memory flat (< 64 MiB growth)", async () => {
      const ex = make()
      const { c, fd, srv } = await clientOf(ex, "$2000000000\r\nabc", { maxBulkLength: 2 ** 31 })
      const mem = () => {
        const m = process.memoryUsage()
        return m.heapUsed + m.external
      }
      const before = mem()
      const h = ex.spawn(c.get("big"))
      let settled = false
      h.then(
        () => (settled = true),
        () => (settled = true),
      )
      await srv.wrote
      // wait until the client took the 16 bytes off its socket: they are in the decoder now
      const s = sockOf(fd)
      for (let i = 0; i < 100_000 && !(s.bytesRead >= 16 && s.readableLength === 0); i++) await turn()
      expect(s.bytesRead).toBe(16)
      await turn()
      expect(settled).toBe(false) // still waiting for the rest of the body
      expect(mem() - before).toBeLessThan(64 * MiB)
      h.cancel()
      c.close()
      expect(() => c.close()).not.toThrow()
      const after = await Promise.resolve(ex.spawn(c.ping())).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(after).toBeInstanceOf(RespConnectionBroken)
      expect((after as Error).cause).toBeInstanceOf(FdClosed)
    })
  },
)
