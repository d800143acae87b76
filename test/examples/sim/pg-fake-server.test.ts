import { gen, settle, sleep, timeout, type Future } from "@pollable/core"
import { simProperty, simulate, traceDiff, type SimHost, type Simulation } from "@pollable/core/testing"
import { native } from "@pollable/adapter-native"
import { describe, expect, it } from "vitest"
import { connectPg, type PgClient } from "../../../examples/pg/client.js"
import { fakePostgres } from "../../../examples/sim/fake-postgres.js"

interface Seen {
  /** Results that belonged to another query: the client lost step with the server. */
  mismatched: string[]
  answered: number
  /** Queries given up by their timeout while the backend stalled: each sent a CancelRequest. */
  timedOut: number
  cancelsSent: number
  connections: number
}

/**
 * The PostgreSQL client of examples/pg against a fake server whose queries sometimes stall
 * for 1 s, under resets and partitions. Each query has a 150 ms timeout: the client sends a
 * CancelRequest on a side connection and the next query must still get its own result.
 */
const scenario = (sim: Simulation): Future<Seen, unknown> => {
  sim.host("db", (h) => fakePostgres(h, 5432, { random: () => sim.random(), stallChance: 0.2 }))
  const seen: Seen = { mismatched: [], answered: 0, timedOut: 0, cancelsSent: 0, connections: 0 }
  sim.host("app", (h: SimHost) =>
    gen(function* () {
      yield* sleep(5)
      let pg: PgClient | undefined
      for (let i = 0; i < 30; i++) {
        if (pg === undefined) {
          const c = yield* settle(timeout(connectPg({ host: "db", port: 5432, user: "app", connect: h.connect }), 300))
          if (c._tag !== "Success") continue
          seen.connections++
          pg = c.value
        }
        const r = yield* settle(timeout(pg.query(`select ${i} as n`), 150))
        if (r._tag === "Success") {
          seen.answered++
          if (r.value.rows[0]?.n !== String(i)) seen.mismatched.push(`select ${i} -> ${JSON.stringify(r.value.rows)}`)
        } else if (r._tag === "Failure" && (r.error as Error).name === "TimeoutError") seen.timedOut++
        else {
          seen.cancelsSent += pg.cancelsSent
          pg.close()
          pg = undefined
        }
      }
      if (pg !== undefined) seen.cancelsSent += pg.cancelsSent
    }),
  )
  return gen(function* () {
    yield* sleep(20_000)
    return seen
  })
}

const faults = {
  hosts: ["app", "db"],
  until: 6_000,
  every: 800,
  kinds: ["reset", "partition"] as const,
  maxOutage: 400,
}

describe("examples/pg against a simulated, stalling PostgreSQL under resets and partitions", () => {
  it("over 100 seeds every result matches its query: timeouts send CancelRequests and the connection stays in step", async () => {
    let timedOut = 0
    let cancels = 0
    let reconnected = 0
    await simProperty(
      {
        seeds: 100,
        faults,
        check: (r) => {
          if (r.outcome._tag !== "Success") return false
          const s = r.outcome.value
          if (s.mismatched.length > 0) throw new Error(`seed ${r.seed}: ${s.mismatched.join("; ")}`)
          timedOut += s.timedOut
          cancels += s.cancelsSent
          if (s.connections > 1) reconnected++
          return s.answered > 0
        },
      },
      scenario,
    )
    expect(timedOut).toBeGreaterThan(100)
    expect(cancels).toBeGreaterThan(50)
    expect(reconnected).toBeGreaterThan(10)
  }, 60_000)

  it("a seed's trace is the same on the native executor", async () => {
    for (const seed of [1, 2]) {
      const a = await simulate({ seed, faults }, scenario)
      const b = await simulate({ seed, faults, executor: native }, scenario)
      expect(traceDiff(a.trace, b.trace)).toBeUndefined()
    }
  })
})
