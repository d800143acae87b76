// A fake Redis for simulations: speaks enough RESP2 (arrays of bulk strings in, simple
// strings, bulk strings and integers out) for PING, SET, GET and INCR, keeps its data in a
// Map, and stalls: before a reply it may sleep, as a busy server would. Like everything
// simulated, it takes the network as a parameter and its time from the Context.
import { gen, lines, sleep, type AsyncFd, type Future, type IoSource } from "@pollable/core"
import type { Net } from "@pollable/core/testing"

const enc = new TextEncoder()

/** Options of {@link fakeRedis}. */
export interface FakeRedisOptions {
  /** A number in [0, 1) per reply (e.g. `sim.random`): below `stallChance` the reply waits `stallMs`. */
  readonly random: () => number
  readonly stallChance?: number | undefined
  readonly stallMs?: number | undefined
}

const bulk = (v: string | undefined): string => (v === undefined ? "$-1\r\n" : `$${enc.encode(v).length}\r\n${v}\r\n`)

/** Serve RESP on `port` of `net` with the data in `data`, until cancelled. */
export function fakeRedis(
  net: Net,
  port: number,
  data: Map<string, string>,
  options: FakeRedisOptions,
): Future<unknown, Error> {
  const stallChance = options.stallChance ?? 0.1
  const stallMs = options.stallMs ?? 300
  return net.listen(port, (fd: AsyncFd<IoSource>) =>
    gen(function* () {
      const input = lines(fd)
      for (;;) {
        const head = yield* input.next()
        if (typeof head !== "string") return
        const n = Number(head.slice(1))
        const args: string[] = []
        for (let i = 0; i < n; i++) {
          yield* input.next() // $len
          args.push(String(yield* input.next()))
        }
        const [cmd = "", key = "", value = ""] = args
        let reply: string
        switch (cmd.toUpperCase()) {
          case "PING":
            reply = "+PONG\r\n"
            break
          case "SET":
            data.set(key, value)
            reply = "+OK\r\n"
            break
          case "GET":
            reply = bulk(data.get(key))
            break
          case "INCR": {
            const next = Number(data.get(key) ?? "0") + 1
            data.set(key, String(next))
            reply = `:${next}\r\n`
            break
          }
          default:
            reply = `-ERR unknown command '${cmd}'\r\n`
        }
        if (options.random() < stallChance) yield* sleep(stallMs)
        yield* fd.write(enc.encode(reply))
      }
    }),
  )
}
