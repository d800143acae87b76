// What the PostgreSQL end-to-end tests share: connection options for the throwaway server's
// two users, and a wait (by asking the server) until a backend stops running a query.
import { gen, sleep, timeout } from "@pollable/core"
import { connect } from "@pollable/adapter-native/io"
import { connectPg, type PgClient, type PgConnectOptions } from "../../examples/pg/client.js"
import type { PgServer } from "./pg-server.js"

/** Options for the trust superuser (no password), with overrides. */
export const trustOptions = (server: PgServer, over: Partial<PgConnectOptions> = {}): PgConnectOptions => ({
  host: server.host,
  port: server.port,
  user: server.trustUser,
  database: "postgres",
  connect: (h, p) => connect(h, p),
  ...over,
})

/** Options for the SCRAM-SHA-256 user. */
export const scramOptions = (server: PgServer): PgConnectOptions =>
  trustOptions(server, { user: server.scramUser, password: server.scramPassword })

/** Ask the server (at most ~10 s) until backend `pid` runs no query; true when it stopped. */
export const backendGoesIdle = (monitor: PgClient, pid: number) =>
  gen(function* () {
    for (let i = 0; i < 500; i++) {
      const r = yield* monitor.query("select state from pg_stat_activity where pid = $1", [pid])
      if (r.rows[0]?.state !== "active") return true
      yield* sleep(20)
    }
    return false
  })

/**
 * `timeout(query("select pg_sleep(3600)"), 100)` on a SCRAM connection, then: did the server
 * stop the query (without the cancel the backend would stay active for an hour), how many
 * CancelRequests went out, and does the same connection answer the next query.
 */
export const timeoutReachesServer = (server: PgServer) =>
  gen(function* () {
    const pg = yield* connectPg(scramOptions(server))
    const monitor = yield* connectPg(trustOptions(server))
    try {
      let err: unknown
      try {
        yield* timeout(pg.query("select pg_sleep(3600)"), 100)
      } catch (e) {
        err = e
      }
      const stopped = yield* backendGoesIdle(monitor, pg.processId)
      const next = yield* pg.query("select 'next' as v")
      return { err, stopped, cancels: pg.cancelsSent, next: next.rows[0] }
    } finally {
      pg.close()
      monitor.close()
    }
  })
