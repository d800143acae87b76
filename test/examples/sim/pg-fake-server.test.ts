import { gen, settle, sleep, timeout, type Future } from "@pollable/core"
import type { SimHost, Simulation } from "@pollable/core/testing"
import { native } from "@pollable/adapter-native"
import { describe, expect, it } from "vitest"
import { connectPg, type PgClient } from "../../../examples/pg/client.js"
import { fakePostgres } from "../../../examples/sim/fake-postgres.js"
import { expectSameTraces, faultsBetween, seen as emptySeen, stayInStep, type Seen } from "./in-step.js"

/**
 * The PostgreSQL client of examples/pg against a fake server whose queries sometimes stall
 * for 1 s, under resets and partitions. Each query has a 150 ms timeout: the client sends a
 * CancelRequest on a side connection and the next query must still get its own result.
 */
const scenario = (sim: Simulation): Future<Seen, unknown> => {
  sim.host("db", (h) => fakePostgres(h, 5432, { random: () => sim.random(), stallChance: 0.2 }))
  const seen = emptySeen()
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

const faults = faultsBetween("app", "db", 6_000, 800)

describe("examples/pg against a simulated, stalling PostgreSQL under resets and partitions", () => {
  it("over 100 seeds every result matches its query: cancelled queries leave the connection in step", async () => {
    const total = await stayInStep(scenario, faults, 100)
    expect(total.timedOut).toBeGreaterThan(100)
    expect(total.cancelsSent).toBeGreaterThan(50)
    expect(total.reconnected).toBeGreaterThan(10)
  }, 60_000)

  it("a seed's trace is the same on the native executor", async () => {
    await expectSameTraces(scenario, faults, native, [1, 2])
  })
})
