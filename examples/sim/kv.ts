// A small replicated key-value store: a primary and a backup, each keeping its data on a
// disk (a Map that survives a crash). Clients SET on the primary and may GET from either.
// The primary replicates every SET to the backup and acknowledges it once the backup has
// it on disk — so if the primary failed right after an acknowledgement, a failover to the
// backup would lose nothing.
//
// The code takes its network (`connect`, `listen`) as a parameter and its time from the
// Context (`sleep`, `timeout`): it runs on real sockets with @pollable/adapter-native/io,
// and unchanged inside a simulation, on every executor.
//
// `ackBeforeReplicated: true` plants a bug: the primary answers OK first and replicates
// afterwards. Most of the time the backup still gets the write a few milliseconds later;
// under a partition, a reset or a crash it gets it late or never — an acknowledged write
// that a failover would lose.
import {
  fn,
  gen,
  lines,
  settle,
  sleep,
  timeout,
  type AsyncFd,
  type Future,
  type IoSource,
  type Pollable,
} from "@pollable/core"
import type { Net } from "@pollable/core/testing"

const enc = new TextEncoder()

/** Options of {@link replica}. */
export interface ReplicaOptions {
  /** The port clients (and, for the backup, the primary) connect to. */
  readonly port: number
  /** Where the backup listens: set on the primary only. */
  readonly backup?: { readonly host: string; readonly port: number } | undefined
  /** How long the primary waits for the backup's ACK before answering ERR. Default 200 ms. */
  readonly replicationTimeout?: number | undefined
  /** The planted bug: answer OK before the backup confirmed the write. */
  readonly ackBeforeReplicated?: boolean | undefined
}

/** Send one line, read one line back. */
const request = fn(function* (fd: AsyncFd<IoSource>, line: string) {
  yield* fd.write(enc.encode(`${line}\n`))
  const reply = yield* lines(fd).next()
  return typeof reply === "string" ? reply : "EOF"
})

/** Replicate one write on a fresh connection; true when the backup confirmed it within the timeout. */
const replicate = fn(function* (net: Net, to: { host: string; port: number }, key: string, value: string, ms: number) {
  const o = yield* settle(
    timeout(
      gen(function* () {
        const fd = yield* net.connect(to.host, to.port)
        try {
          return (yield* request(fd, `REP ${key} ${value}`)) === "ACK"
        } finally {
          fd.close()
        }
      }),
      ms,
    ),
  )
  return o._tag === "Success" && o.value
})

/**
 * One replica: listens on `options.port` and serves `SET k v` (primary: replicate, then
 * `OK` or `ERR`), `REP k v` (backup: store, then `ACK`) and `GET k` (`VAL v` or `NONE`).
 * Runs until cancelled.
 */
export function replica(net: Net, disk: Map<string, unknown>, options: ReplicaOptions): Future<unknown, Error> {
  const wait = options.replicationTimeout ?? 200
  const serve = (fd: AsyncFd<IoSource>) =>
    gen(function* () {
      for (;;) {
        const line = yield* lines(fd).next()
        if (typeof line !== "string") return
        const [op, key = "", value = ""] = line.split(" ")
        let reply: string
        if (op === "GET") {
          const v = disk.get(key)
          reply = v === undefined ? "NONE" : `VAL ${String(v)}`
        } else if (op === "REP") {
          disk.set(key, value)
          reply = "ACK"
        } else if (op === "SET" && options.backup !== undefined) {
          disk.set(key, value)
          if (options.ackBeforeReplicated === true) {
            yield* fd.write(enc.encode("OK\n"))
            yield* replicate(net, options.backup, key, value, wait)
            continue
          }
          reply = (yield* replicate(net, options.backup, key, value, wait)) ? "OK" : "ERR"
        } else reply = "ERR unknown command"
        yield* fd.write(enc.encode(`${reply}\n`))
      }
    })
  return net.listen(options.port, serve)
}

/** What a client saw: the writes acknowledged, and reads that contradicted one. */
export interface ClientLog {
  acked: string[]
  /** `key: expected, got` for every read from the backup that missed an acknowledged write. */
  violations: string[]
}

/**
 * A client: `writes` SETs on the primary, one at a time; 50 ms after each acknowledged one
 * (far longer than replication takes on a healthy network) it reads the key back from the
 * backup. A read that answers without the acknowledged value
 * is a violation: a failover at that moment would have lost the write. Requests that fail
 * or time out are not acknowledged and prove nothing. The log lives on `disk`, so a client
 * restarted after a crash continues where it stopped. It pauses `pauseMs` between writes
 * and gives up on a request after `requestTimeout` ms.
 */
export function client(
  net: Net,
  disk: Map<string, unknown>,
  cluster: { primary: { host: string; port: number }; backup: { host: string; port: number } },
  writes: number,
  pauseMs: number,
  requestTimeout = 500,
): Pollable<ClientLog, unknown> {
  const log = (disk.get("log") as ClientLog | undefined) ?? { acked: [], violations: [] }
  disk.set("log", log)
  const ask = (to: { host: string; port: number }, line: string) =>
    settle(
      timeout(
        gen(function* () {
          const fd = yield* net.connect(to.host, to.port)
          try {
            return yield* request(fd, line)
          } finally {
            fd.close()
          }
        }),
        requestTimeout,
      ),
    )
  return gen(function* () {
    for (let i = (disk.get("next") as number | undefined) ?? 0; i < writes; i++) {
      disk.set("next", i + 1)
      const key = `k${i}`
      const set = yield* ask(cluster.primary, `SET ${key} v${i}`)
      if (set._tag === "Success" && set.value === "OK") {
        log.acked.push(key)
        yield* sleep(50)
        const get = yield* ask(cluster.backup, `GET ${key}`)
        if (get._tag === "Success" && get.value !== `VAL v${i}`)
          log.violations.push(`${key}: expected v${i}, got ${get.value}`)
      }
      yield* sleep(pauseMs)
    }
    return log
  })
}
