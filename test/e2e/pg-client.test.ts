// The PostgreSQL client from examples/pg, written once on framed + pipeline, against a real
// PostgreSQL server on every executor: trust and SCRAM-SHA-256 authentication, simple and
// extended queries, errors with SQLSTATE, and cancellation that reaches the server.
import { Effect, Exit, Fiber } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { gen, sleep, TimeoutError, type Future } from "@pollable/core"
import { toPromise } from "@pollable/adapter-native"
import { toObservable } from "@pollable/adapter-rxjs"
import { toEffect } from "@pollable/adapter-effect"
import { connectPg, PgError, type PgConnectOptions } from "../../examples/pg/client.js"
import { executors } from "../adapter-native/io/executors.js"
import { startPostgres, type PgServer } from "./pg-server.js"
import { backendGoesIdle, scramOptions, timeoutReachesServer, trustOptions } from "./pg-support.js"

let server: PgServer | undefined
beforeAll(async () => {
  server = await startPostgres()
}, 60_000)
afterAll(async () => {
  await server?.stop()
})

const options = (over: Partial<PgConnectOptions> = {}) => trustOptions(server!, over)
const scram = () => scramOptions(server!)

const errorOf = (f: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(f)
    .then(
      () => undefined,
      (e: unknown) => e,
    )

describe.each(executors)("PostgreSQL client on the $name executor", ({ make }) => {
  it("trust authentication and a simple query: rows as text, NULL as null, the command tag", async () => {
    const r = await make().spawn(
      gen(function* () {
        const pg = yield* connectPg(options())
        try {
          const one = yield* pg.query("select 1 as n, 'héllo' as s, null as z")
          const many = yield* pg.query("select g from generate_series(1, 1000) g")
          const ddl = yield* pg.query("create temp table t(x int); insert into t values (1), (2)")
          return {
            one,
            count: many.rows.length,
            last: many.rows[999],
            ddl: [ddl.command, ddl.rowCount],
            pid: pg.processId,
          }
        } finally {
          pg.close()
        }
      }),
    )
    expect(r.one.rows).toEqual([{ n: "1", s: "héllo", z: null }])
    expect(r.one.fields).toEqual(["n", "s", "z"])
    expect([r.one.command, r.one.rowCount]).toEqual(["SELECT", 1])
    expect(r.count).toBe(1000)
    expect(r.last).toEqual({ g: "1000" })
    expect(r.ddl).toEqual(["INSERT", 2])
    expect(r.pid).toBeGreaterThan(0)
  })

  it("SCRAM-SHA-256: the right password connects (as that user); a wrong one fails with PgError 28P01", async () => {
    const who = await make().spawn(
      gen(function* () {
        const pg = yield* connectPg(scram())
        try {
          return (yield* pg.query("select current_user as u")).rows[0]!.u
        } finally {
          pg.close()
        }
      }),
    )
    expect(who).toBe(server!.scramUser)
    const e = await errorOf(() => make().spawn(connectPg(options({ user: server!.scramUser, password: "wrong" }))))
    expect(e).toBeInstanceOf(PgError)
    expect((e as PgError).code).toBe("28P01")
  })

  it(
    "extended query with text parameters; " + "a server error carries its SQLSTATE and the connection stays usable",
    async () => {
      const r = await make().spawn(
        gen(function* () {
          const pg = yield* connectPg(scram())
          try {
            const sum = yield* pg.query(
              "select $1::int + $2::int as s, $3::text as t, $4::text is null as isnull, $5::bool as b",
              [40, "2", "it's", null, true],
            )
            let err: unknown
            try {
              yield* pg.query("select 1 / $1::int", [0])
            } catch (e) {
              err = e
            }
            let syntax: unknown
            try {
              yield* pg.query("selec 1")
            } catch (e) {
              syntax = e
            }
            const after = yield* pg.query("select $1::text as echo", ["still here"])
            return { sum: sum.rows[0], err, syntax, after: after.rows[0] }
          } finally {
            pg.close()
          }
        }),
      )
      expect(r.sum).toEqual({ s: "42", t: "it's", isnull: "t", b: "t" })
      expect(r.err).toBeInstanceOf(PgError)
      expect((r.err as PgError).code).toBe("22012") // division_by_zero
      expect((r.syntax as PgError).code).toBe("42601") // syntax_error
      expect(r.after).toEqual({ echo: "still here" })
    },
  )

  it("concurrent queries from several tasks share the connection in order, each with its own result", async () => {
    const exec = make()
    const pg = await exec.spawn(connectPg(scram()))
    try {
      const hs = Array.from({ length: 8 }, (_, i) => exec.spawn(pg.query("select $1::int * 10 as v", [i])))
      const rows = await Promise.all(hs.map((h) => Promise.resolve(h).then((r) => r.rows[0]!.v)))
      expect(rows).toEqual(["0", "10", "20", "30", "40", "50", "60", "70"])
    } finally {
      pg.close()
    }
  })

  it(
    "timeout(query('select pg_sleep(3600)'), 100) sends CancelRequest: " +
      "the server stops the query and the connection stays usable",
    async () => {
      const r = await make().spawn(timeoutReachesServer(server!))
      expect(r.err).toBeInstanceOf(TimeoutError)
      expect(r.cancels).toBe(1)
      expect(r.stopped).toBe(true)
      expect(r.next).toEqual({ v: "next" })
    },
  )
})

describe("PostgreSQL cancellation through each runtime's own way of cancelling", () => {
  /** Start `select pg_sleep(3600)` through `start`, cancel it with `stop`, then prove the server stopped it. */
  const scenario = async (start: (q: Future<unknown, unknown>) => () => void) => {
    const exec = executors.find((e) => e.name === "native")!.make()
    const pg = await exec.spawn(connectPg(scram()))
    const monitor = await exec.spawn(connectPg(options()))
    try {
      const running = (pid: number) =>
        exec.spawn(
          monitor.query("select count(*) as n from pg_stat_activity where pid = $1 and state = 'active'", [pid]),
        )
      const stop = start(pg.query("select pg_sleep(3600)"))
      // wait until the server really runs it
      for (let i = 0; i < 500 && (await running(pg.processId)).rows[0]!.n !== "1"; i++) await exec.spawn(sleep(10))
      stop()
      const stopped = await exec.spawn(backendGoesIdle(monitor, pg.processId))
      const next = await exec.spawn(pg.query("select 2 as v"))
      return { stopped, cancels: pg.cancelsSent, next: next.rows[0] }
    } finally {
      pg.close()
      monitor.close()
    }
  }
  const expected = { stopped: true, cancels: 1, next: { v: "2" } }

  it("an AbortSignal aborting toPromise", async () => {
    let rejected: unknown
    const r = await scenario((q) => {
      const ac = new AbortController()
      toPromise(q, { signal: ac.signal }).catch((e: unknown) => (rejected = e))
      return () => ac.abort(new Error("user gave up"))
    })
    expect(r).toEqual(expected)
    expect((rejected as Error).message).toBe("user gave up")
  })

  it("unsubscribing from toObservable", async () => {
    const r = await scenario((q) => {
      const sub = toObservable(() => q).subscribe({ error: () => {} })
      return () => sub.unsubscribe()
    })
    expect(r).toEqual(expected)
  })

  it("interrupting the fiber of toEffect", async () => {
    let exit: unknown
    const r = await scenario((q) => {
      const fiber = Effect.runFork(toEffect(() => q))
      fiber.addObserver((e) => (exit = e))
      return () => {
        void Effect.runPromise(Fiber.interrupt(fiber))
      }
    })
    expect(r).toEqual(expected)
    expect(Exit.isExit(exit) && Exit.hasInterrupts(exit)).toBe(true)
  })
})
