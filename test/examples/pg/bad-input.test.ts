// The PostgreSQL client refuses bad arguments at the call, with InvalidArgument naming what
// was wrong and what to pass.
import { describe, it } from "vitest"
import { ready, type AsyncFd } from "@pollable/core"
import { connectPg, PgClient, type PgConnectOptions } from "../../../examples/pg/client.js"
import { refuses } from "../../support/refuses.js"

const ok: PgConnectOptions = { host: "127.0.0.1", port: 5432, user: "app", connect: () => ready({} as AsyncFd) }
const bad = (o: Partial<Record<keyof PgConnectOptions, unknown>>) => () =>
  connectPg({ ...ok, ...o } as PgConnectOptions)

describe("PostgreSQL client bad input", () => {
  it("connectPg checks host, port, user, connect, password and database", () => {
    refuses(() => connectPg(null as never), "connectPg(options)", /expected \{ host, port/)
    refuses(bad({ host: "" }), "connectPg(options)", /host must be a non-empty string/)
    refuses(
      bad({ port: 70000 }),
      "connectPg(options)",
      /port must be a whole number from 1 to 65535, got a number \(70000\)/,
    )
    refuses(bad({ port: "5432" }), "connectPg(options)", /got a string \("5432"\)/)
    refuses(bad({ user: undefined }), "connectPg(options)", /user must be/)
    refuses(bad({ connect: "net" }), "connectPg(options)", /connect must be a function/)
    refuses(bad({ password: 1234 }), "connectPg(options)", /password must be a string/)
  })

  it("query checks the statement and its parameters", () => {
    const client = Object.create(PgClient.prototype) as PgClient
    refuses(() => client.query(42 as never), "query(sql)", /sql must be a string/)
    refuses(() => client.query("select $1", "x" as never), "query(sql, params)", /params must be an array/)
    refuses(
      () => client.query("select $1, $2", [1, { a: 1 } as never]),
      "query(sql, params)",
      /parameter \$2 is an object.*format dates and JSON yourself/,
    )
  })
})
