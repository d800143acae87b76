// The PostgreSQL client on every server-side runtime of the matrix (Node 20, Node 24, Bun,
// Deno — wherever node:net and child_process serve): SCRAM-SHA-256 over WebCrypto, an
// extended query, and a timeout whose CancelRequest stops the query at the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { gen, timeout, TimeoutError } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { connectPg } from "../../examples/pg/client.js"
import { startPostgres, type PgServer } from "../e2e/pg-server.js"
import { backendGoesIdle, scramOptions, trustOptions } from "../e2e/pg-support.js"

let server: PgServer | undefined
beforeAll(async () => {
  server = await startPostgres()
}, 60_000)
afterAll(async () => {
  await server?.stop()
})

describe("PostgreSQL client on this runtime", () => {
  it("SCRAM login, an extended query, and a cancelled pg_sleep that the server stops", async () => {
    const r = await new NativeExecutor().spawn(
      gen(function* () {
        const pg = yield* connectPg(scramOptions(server!))
        const monitor = yield* connectPg(trustOptions(server!))
        try {
          const sum = yield* pg.query("select $1::int + $2::int as s", [40, 2])
          let err: unknown
          try {
            yield* timeout(pg.query("select pg_sleep(3600)"), 100)
          } catch (e) {
            err = e
          }
          const stopped = yield* backendGoesIdle(monitor, pg.processId)
          const after = yield* pg.query("select 'ok' as v")
          return { sum: sum.rows[0], timedOut: err instanceof TimeoutError, stopped, after: after.rows[0] }
        } finally {
          pg.close()
          monitor.close()
        }
      }),
    )
    expect(r).toEqual({ sum: { s: "42" }, timedOut: true, stopped: true, after: { v: "ok" } })
  })
})
