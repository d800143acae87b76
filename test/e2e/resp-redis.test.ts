// The RESP2 client from examples/resp, written once on AsyncFd, against a real redis-server
// on every executor; the results must be identical.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Done, gen, join, lines } from "@pollable/core"
import { connect } from "@pollable/adapter-native/io"
import { RespClient, RespError } from "../../examples/resp/client.js"
import { executors } from "../adapter-native/io/executors.js"
import { startRedis, type RedisServer } from "./redis-server.js"

let redis: RedisServer | undefined
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

const results = new Map<string, unknown>()

/** The whole scenario; `p` namespaces keys so executors do not see each other's data. */
const scenario = (port: number, p: string) =>
  gen(function* () {
    const c = new RespClient(yield* connect("127.0.0.1", port))
    const sub = new RespClient(yield* connect("127.0.0.1", port))
    try {
      const ping = yield* c.ping()
      const set = yield* c.set(`${p}:k`, "héllo wörld")
      const got = yield* c.get(`${p}:k`)
      const missing = yield* c.get(`${p}:missing`)
      const incr = [yield* c.incr(`${p}:n`), yield* c.incr(`${p}:n`)]
      let err: unknown
      try {
        yield* c.incr(`${p}:k`)
      } catch (e) {
        err = e
      }
      const cmds = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? ["INCR", `${p}:pipe`] : ["GET", `${p}:pipe`]))
      const piped = yield* c.pipeline(cmds)
      const messages = yield* sub.subscribe(`${p}:ch`)
      const received: unknown[] = []
      const publisher = gen(function* () {
        for (const m of ["one", "two", "three"]) yield* c.publish(`${p}:ch`, m)
      })
      const reader = gen(function* () {
        for (let i = 0; i < 3; i++) {
          const m = yield* messages.next()
          if (m === Done) break
          received.push(m.message)
        }
      })
      yield* join(reader, publisher)
      messages.cancel()
      return {
        ping,
        set,
        got,
        missing,
        incr,
        err: err instanceof RespError ? err.reply : String(err),
        pipedCount: piped.length,
        pipedLast: piped.slice(-2),
        pipedSum: piped.filter((_x, i) => i % 2 === 0).reduce<number>((a, x) => a + (x as number), 0),
        received,
      }
    } finally {
      c.close()
      sub.close()
    }
  })

/** EXAMPLES.md §5, verbatim in spirit: readiness IO written once. */
const ping = (port: number) =>
  gen(function* () {
    const fd = yield* connect("127.0.0.1", port) // AsyncFd over a net.Socket
    try {
      yield* fd.write(new TextEncoder().encode("PING\r\n"))
      const reply = yield* lines(fd).next()
      return reply // "+PONG"
    } finally {
      fd.close()
    }
  })

describe.each(executors)("RESP2 client against redis-server on the $name executor", ({ name, make }) => {
  it("EXAMPLES §5 ping: inline PING answered +PONG", async () => {
    expect(await make().spawn(ping(redis!.port))).toBe("+PONG")
  })

  it("PING, SET/GET, INCR, 1,000 pipelined commands, SUBSCRIBE as a stream", async () => {
    const r = await make().spawn(scenario(redis!.port, `pollable:${name}:${process.pid}`))
    expect(r).toEqual({
      ping: "PONG",
      set: "OK",
      got: "héllo wörld",
      missing: null,
      incr: [1, 2],
      err: "ERR value is not an integer or out of range",
      pipedCount: 1000,
      pipedLast: [500, "500"],
      pipedSum: (500 * 501) / 2,
      received: ["one", "two", "three"],
    })
    results.set(name, r)
  })
})

describe("RESP2 results", () => {
  it("are identical on every executor", () => {
    expect([...results.keys()]).toEqual(executors.map((e) => e.name))
    const [first, ...rest] = [...results.values()]
    for (const r of rest) expect(r).toEqual(first)
  })
})
