// PostgreSQL: 10,000 single-row queries, one after the other on one connection, through the
// client of examples/pg (framed + pipeline, native executor) and through the `pg` package
// (the baseline). Both send the extended protocol (a parameter) and get one row back; our
// client reads through the zero-copy onread socket (`connect(h, p, { onread: true })`). A
// throwaway server is started on first use (as test/e2e does) and stops when this process
// ends.
import pgPackage from "pg"
import { gen } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { connect } from "@pollable/adapter-native/io"
import { connectPg, type PgClient } from "../../examples/pg/client.js"
import { startPostgres, type PgServer } from "../../test/e2e/pg-server.js"
import { size, type BenchGroup } from "../lib.js"

const N = size(10_000, 50)
const SQL = "select $1::int + 1 as n"

let server: Promise<PgServer> | undefined
const pgServer = (): Promise<PgServer> =>
  (server ??= startPostgres().then((s) => {
    s.unref()
    return s
  }))

const native = new NativeExecutor()
let ours: Promise<PgClient> | undefined
let theirs: Promise<pgPackage.Client> | undefined

const pollableClient = () =>
  (ours ??= pgServer().then((s) =>
    native.spawn(
      connectPg({
        host: s.host,
        port: s.port,
        user: s.trustUser,
        database: "postgres",
        connect: (h, p) => connect(h, p, { onread: true }),
      }),
    ),
  ))

const pgClient = () =>
  (theirs ??= pgServer().then(async (s) => {
    const c = new pgPackage.Client({ host: s.host, port: s.port, user: s.trustUser, database: "postgres" })
    await c.connect()
    return c
  }))

export const groups: BenchGroup[] = [
  {
    name: `pg A. ${N} single-row queries in sequence on one connection, time per query`,
    ops: N,
    sameResult: true,
    cases: [
      {
        impl: "pg (node-postgres)",
        baseline: true,
        fn: async () => {
          const c = await pgClient()
          let sum = 0
          for (let i = 0; i < N; i++) sum += Number((await c.query(SQL, [i])).rows[0].n)
          return sum
        },
      },
      {
        impl: "examples/pg on framed + pipeline (native)",
        fn: async () => {
          const c = await pollableClient()
          return native.spawn(
            gen(function* () {
              let sum = 0
              for (let i = 0; i < N; i++) sum += Number((yield* c.query(SQL, [i])).rows[0]!.n)
              return sum
            }),
          )
        },
      },
    ],
    goals: [{ impl: "examples/pg on framed + pipeline (native)", maxRatio: 1.2 }],
  },
]
