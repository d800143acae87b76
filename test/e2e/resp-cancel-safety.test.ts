// The RESP client's cancel safety against a real redis-server, stalled with SIGSTOP and
// resumed with SIGCONT: a command given up by its caller (timeout, cancel) never makes a
// later command read its reply. On every executor.
import * as fs from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { timeout, TimeoutError } from "@pollable/core"
import { connect } from "@pollable/adapter-native/io"
import { RespClient } from "../../examples/resp/client.js"
import { executors } from "../adapter-native/io/executors.js"
import { startRedis, type RedisServer } from "./redis-server.js"

let redis: RedisServer | undefined
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

/** The process state letter from /proc (R, S, T for stopped...). */
const stateOf = (pid: number): string => fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0]!
const turn = () => new Promise<void>((r) => setImmediate(r))

/** SIGSTOP redis and wait until the kernel reports it stopped: from then on it answers nothing. */
async function stall(pid: number): Promise<void> {
  process.kill(pid, "SIGSTOP")
  for (let i = 0; stateOf(pid) !== "T"; i++) {
    if (i > 100_000) throw new Error(`redis-server (pid ${pid}) did not stop after SIGSTOP`)
    await turn()
  }
}

describe.each(executors)(
  "RESP client cancel safety against a stalled redis-server, $name executor",
  ({ name, make }) => {
    const key = (k: string) => `pollable:cancel:${name}:${process.pid}:${k}`

    it("timeout(get(a)) fails while redis is stopped; after SIGCONT get(b) returns b's value, not a's", async () => {
      const ex = make()
      const c = new RespClient(await ex.spawn(connect("127.0.0.1", redis!.port)))
      try {
        await ex.spawn(c.set(key("a"), "value of a"))
        await ex.spawn(c.set(key("b"), "value of b"))
        await stall(redis!.pid)
        let err: unknown
        try {
          await ex.spawn(timeout(c.get(key("a")), 200))
        } catch (e) {
          err = e
        } finally {
          process.kill(redis!.pid, "SIGCONT")
        }
        expect(err).toBeInstanceOf(TimeoutError)
        expect(await ex.spawn(c.get(key("b")))).toBe("value of b")
        // still in step afterwards
        expect(await ex.spawn(c.get(key("a")))).toBe("value of a")
        expect(await ex.spawn(c.ping())).toBe("PONG")
      } finally {
        c.close()
      }
    })

    it(
      "three concurrent commands, the middle one cancelled while redis is stopped: " +
        "the others get their own replies",
      async () => {
        const ex = make()
        const c = new RespClient(await ex.spawn(connect("127.0.0.1", redis!.port)))
        try {
          await ex.spawn(
            c.pipeline([
              ["SET", key("x"), "x"],
              ["SET", key("y"), "y"],
              ["SET", key("z"), "z"],
            ]),
          )
          await stall(redis!.pid)
          let x, y, z
          try {
            x = ex.spawn(c.get(key("x")))
            y = ex.spawn(c.get(key("y")))
            z = ex.spawn(c.get(key("z")))
            y.then(
              () => {},
              () => {},
            )
            await turn() // all three were polled and sent
            y.cancel()
          } finally {
            process.kill(redis!.pid, "SIGCONT")
          }
          expect(await Promise.all([x, z])).toEqual(["x", "z"])
          expect(await ex.spawn(c.get(key("y")))).toBe("y")
        } finally {
          c.close()
        }
      },
    )
  },
)
