// The PostgreSQL client against a hostile or broken peer (an in-memory connection played by
// the test): a huge announced length fails at once without allocating it; a negative length
// is a MalformedFrame; an ErrorResponse during startup is a PgError with its SQLSTATE.
import { describe, expect, it } from "vitest"
import { AsyncFd, ByteBuffer, FrameTooLarge, MalformedFrame, ready, writeAll } from "@pollable/core"
import { ManualExecutor, memoryPair } from "@pollable/core/testing"
import { connectPg, PgError } from "../../../examples/pg/client.js"

/** connectPg over a memory pair whose server end already holds `serverBytes`. */
function startupAgainst(serverBytes: Uint8Array) {
  const [a, b] = memoryPair({ capacity: 1 << 20 })
  const client = new AsyncFd(a)
  const server = new AsyncFd(b)
  const ex = new ManualExecutor()
  ex.blockOn(writeAll(server, serverBytes))
  const h = ex.spawn(connectPg({ host: "memory", port: 1, user: "u", connect: () => ready(client) }))
  ex.runUntilStalled()
  return { h, client, server }
}

const message = (type: string, body: Uint8Array) => {
  const b = new ByteBuffer(16)
  b.pushU8(type.charCodeAt(0))
  b.pushU32(body.length + 4)
  b.push(body)
  return b.view().slice()
}

describe("the PostgreSQL client against a hostile peer", () => {
  it(
    "an announced 2 GiB message fails with FrameTooLarge at once, " +
      "nothing allocated for it, and the socket is closed",
    () => {
      const { h, client } = startupAgainst(Uint8Array.of(0x52, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3))
      expect((h.outcome as { error?: unknown }).error).toBeInstanceOf(FrameTooLarge)
      expect(client.closed).toBe(true)
    },
  )

  it("a length smaller than the length field itself is a MalformedFrame", () => {
    const { h } = startupAgainst(Uint8Array.of(0x52, 0, 0, 0, 2))
    expect((h.outcome as { error?: unknown }).error).toBeInstanceOf(MalformedFrame)
  })

  it("an ErrorResponse during startup is a PgError with the server's SQLSTATE and message", () => {
    const fields = new TextEncoder().encode('SFATAL\0VFATAL\0C3D000\0Mdatabase "nope" does not exist\0\0')
    const { h } = startupAgainst(message("E", fields))
    const e = (h.outcome as { error?: unknown }).error as PgError
    expect(e).toBeInstanceOf(PgError)
    expect([e.code, e.severity, e.serverMessage]).toEqual(["3D000", "FATAL", 'database "nope" does not exist'])
  })

  it("the peer closing during startup is a named protocol error, not a hang", () => {
    const [a, b] = memoryPair()
    const ex = new ManualExecutor()
    const h = ex.spawn(connectPg({ host: "memory", port: 1, user: "u", connect: () => ready(new AsyncFd(a)) }))
    ex.runUntilStalled()
    b.close()
    ex.runUntilStalled()
    expect(String((h.outcome as { error?: unknown }).error)).toMatch(
      /PgProtocolError: the server closed the connection during startup/,
    )
  })
})
