// A fake PostgreSQL for simulations: the startup handshake (trust authentication, a
// BackendKeyData), simple queries of the form `select <number> as n` answered with one
// row, and CancelRequest. A query may stall — the backend "works" for a while — and a
// CancelRequest for its backend ends the stall with error 57014, as PostgreSQL does. Like
// everything simulated, it takes the network as a parameter and its time from the Context.
import {
  ByteBuffer,
  Deferred,
  gen,
  readExact,
  select,
  settle,
  sleep,
  type AsyncFd,
  type Future,
  type IoSource,
} from "@pollable/core"
import type { Net } from "@pollable/core/testing"

/** Options of {@link fakePostgres}. */
export interface FakePostgresOptions {
  /** A number in [0, 1) per query (e.g. `sim.random`): below `stallChance` the query works `stallMs`. */
  readonly random: () => number
  readonly stallChance?: number | undefined
  readonly stallMs?: number | undefined
}

const CANCEL_CODE = 80877102
const utf8 = new TextDecoder()

/** One backend message: type byte, length, body. */
const message = (type: string, fill: (b: ByteBuffer) => void): Uint8Array => {
  const b = new ByteBuffer(64)
  b.pushU8(type.charCodeAt(0))
  b.pushU32(0)
  fill(b)
  b.setU32(1, b.length - 1)
  return b.view().slice()
}
const cstring = (b: ByteBuffer, s: string): void => {
  b.pushString(s)
  b.pushU8(0)
}
const u32 = (bytes: Uint8Array, at: number): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at)
const ready = message("Z", (b) => b.pushU8(0x49)) // ReadyForQuery, idle
const error = (code: string, text: string) =>
  message("E", (b) => {
    for (const [k, v] of [
      ["S", "ERROR"],
      ["C", code],
      ["M", text],
    ] as const) {
      b.pushU8(k.charCodeAt(0))
      cstring(b, v)
    }
    b.pushU8(0)
  })
const oneRow = (value: string): Uint8Array[] => [
  message("T", (b) => {
    b.pushU16(1)
    cstring(b, "n")
    for (let i = 0; i < 18; i++) b.pushU8(0) // table oid, column, type oid, size, modifier, format
  }),
  message("D", (b) => {
    b.pushU16(1)
    b.pushU32(value.length)
    b.pushString(value)
  }),
  message("C", (b) => cstring(b, "SELECT 1")),
]

/** Serve PostgreSQL's wire protocol on `port` of `net`, until cancelled. */
export function fakePostgres(net: Net, port: number, options: FakePostgresOptions): Future<unknown, Error> {
  const stallChance = options.stallChance ?? 0.1
  const stallMs = options.stallMs ?? 1_000
  const running = new Map<number, Deferred<void>>()
  let nextPid = 100
  const session = (fd: AsyncFd<IoSource>) =>
    gen(function* () {
      const len = u32(yield* readExact(fd, 4), 0)
      const startup = yield* readExact(fd, len - 4)
      if (u32(startup, 0) === CANCEL_CODE) {
        running.get(u32(startup, 4))?.resolve(undefined)
        return
      }
      const pid = nextPid++
      yield* fd.write(message("R", (b) => b.pushU32(0)))
      yield* fd.write(message("K", (b) => (b.pushU32(pid), b.pushU32(pid * 7))))
      yield* fd.write(ready)
      for (;;) {
        const head = yield* readExact(fd, 5)
        const body = yield* readExact(fd, u32(head, 1) - 4)
        const type = String.fromCharCode(head[0]!)
        if (type === "X") return
        if (type !== "Q") {
          yield* fd.write(error("0A000", `message ${type} is not supported by this fake`))
          yield* fd.write(ready)
          continue
        }
        const sql = utf8.decode(body.subarray(0, body.length - 1))
        const m = /^select (\d+) as n$/i.exec(sql)
        if (m === null) {
          yield* fd.write(error("42601", `this fake only runs "select <number> as n", got ${sql}`))
          yield* fd.write(ready)
          continue
        }
        let cancelled = false
        if (options.random() < stallChance) {
          const cancel = new Deferred<void>()
          running.set(pid, cancel)
          const won = yield* select(sleep(stallMs), cancel.wait())
          running.delete(pid)
          cancelled = won.index === 1
        }
        for (const out of cancelled ? [error("57014", "canceling statement due to user request")] : oneRow(m[1]!))
          yield* fd.write(out)
        yield* fd.write(ready)
      }
    })
  // a client that goes away mid-message ends its session quietly, as a server would
  return net.listen(port, (fd: AsyncFd<IoSource>) => settle(session(fd)))
}
