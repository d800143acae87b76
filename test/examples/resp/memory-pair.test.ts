// The RESP client over the in-memory pair: one byte per read and WouldBlock storms, so
// every reply is split at every possible point. No server needed.
import { describe, expect, it } from "vitest"
import { AsyncFd, gen } from "@pollable/core"
import { ManualExecutor, memoryPair } from "@pollable/core/testing"
import { encodeCommand, RespClient, RespError } from "../../../examples/resp/client.js"

describe("RESP client over the in-memory pair", () => {
  it("decodes every reply type when each byte arrives separately, under storms", () => {
    let x = 5
    const [a, b] = memoryPair({ readChunk: 1, storm: () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) % 4 === 0 })
    const server = new AsyncFd(a)
    const client = new RespClient(new AsyncFd(b))
    const ex = new ManualExecutor()
    ex.blockOn(
      server.write(
        new TextEncoder().encode("+PONG\r\n$6\r\nhé!\r\n\r\n:42\r\n*3\r\n$1\r\na\r\n$-1\r\n-ERR inner\r\n-ERR bad\r\n"),
      ),
    )
    const r = ex.blockOn(
      gen(function* () {
        const ping = yield* client.ping()
        const get = yield* client.get("k")
        const incr = yield* client.incr("n")
        const arr = yield* client.command("X")
        let err: unknown
        try {
          yield* client.command("Y")
        } catch (e) {
          err = e
        }
        return { ping, get, incr, arr, err }
      }),
    )
    expect(r.ping).toBe("PONG")
    expect(r.get).toBe("hé!\r\n")
    expect(r.incr).toBe(42)
    expect(r.arr).toEqual(["a", null, new RespError("ERR inner")])
    expect(r.err).toBeInstanceOf(RespError)
    expect((r.err as RespError).reply).toBe("ERR bad")
    // what the client sent is well-formed RESP
    const sent = ex.blockOn(server.readExact(encodeCommand(["PING"]).length))
    expect(new TextDecoder().decode(sent)).toBe("*1\r\n$4\r\nPING\r\n")
  })
})
