// The PostgreSQL client on every server-side runtime of the matrix (Node 20, Node 24, Bun,
// Deno — wherever node:net and child_process serve): SCRAM-SHA-256 over WebCrypto, an
// extended query, and a timeout whose CancelRequest stops the query at the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { gen, TimeoutError } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { connectPg } from "../../examples/pg/client.js"
import { startPostgres, type PgServer } from "../e2e/pg-server.js"
import { scramOptions, timeoutReachesServer } from "../e2e/pg-support.js"

let server: PgServer | undefined
beforeAll(async () => {
  server = await startPostgres()
}, 60_000)
afterAll(async () => {
  await server?.stop()
})

describe("PostgreSQL client on this runtime", () => {
  it("SCRAM login and an extended query", async () => {
    const r = await new NativeExecutor().spawn(
      gen(function* () {
        const pg = yield* connectPg(scramOptions(server!))
        try {
          return (yield* pg.query("select $1::int + $2::int as s, current_user as u", [40, 2])).rows[0]
        } finally {
          pg.close()
        }
      }),
    )
    expect(r).toEqual({ s: "42", u: server!.scramUser })
  })

  it("a timeout's CancelRequest stops pg_sleep at the server; the connection answers the next query", async () => {
    const r = await new NativeExecutor().spawn(timeoutReachesServer(server!))
    expect(r).toEqual({ err: expect.any(TimeoutError), stopped: true, cancels: 1, next: { v: "next" } })
  })
})
