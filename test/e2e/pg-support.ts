// What the PostgreSQL end-to-end tests share: connection options for the throwaway server's
// two users, and a wait (by asking the server) until a backend stops running a query.
import { gen, sleep } from "@pollable/core"
import { connect } from "@pollable/adapter-native/io"
import type { PgClient, PgConnectOptions } from "../../examples/pg/client.js"
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
export const scramOptions = (server: PgServer): PgConnectOptions => trustOptions(server, { user: server.scramUser, password: server.scramPassword })

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
