import { gen, settle, sleep, timeout, type Future } from "@pollable/core"
import { simProperty, simulate, traceDiff, type Simulation } from "@pollable/core/testing"
import { effect } from "@pollable/adapter-effect"
import { describe, expect, it } from "vitest"
import { RespClient } from "../../../examples/resp/client.js"
import { fakeRedis } from "../../../examples/sim/fake-redis.js"

interface Seen {
  /** Replies that belonged to another command: the client lost step with the server. */
  mismatched: string[]
  /** Commands answered (not timed out, not failed). */
  answered: number
  /** Commands given up by their timeout while the server stalled (their replies come later and must be skipped). */
  timedOut: number
  /** Connections opened: more than one means resets were survived by reconnecting. */
  connections: number
}

/**
 * The RESP client of examples/resp against a fake Redis that stalls, under resets and
 * partitions: each SET/GET pair has a 100 ms timeout; on a broken connection the client
 * reconnects. Whatever happens, a GET must answer its own key's value (or nil), never
 * another command's reply.
 */
const scenario = (sim: Simulation): Future<Seen, unknown> => {
  const data = new Map<string, string>()
  sim.host("redis", (h) => fakeRedis(h, 6379, data, { random: () => sim.random(), stallChance: 0.15, stallMs: 150 }))
  const seen: Seen = { mismatched: [], answered: 0, timedOut: 0, connections: 0 }
  sim.host("app", (h) =>
    gen(function* () {
      yield* sleep(5)
      let redis: RespClient | undefined
      for (let i = 0; i < 40; i++) {
        if (redis === undefined) {
          const fd = yield* settle(timeout(h.connect("redis", 6379), 200))
          if (fd._tag !== "Success") continue
          seen.connections++
          redis = new RespClient(fd.value)
        }
        const set = yield* settle(timeout(redis.set(`k${i}`, `v${i}`), 100))
        const get = yield* settle(timeout(redis.get(`k${i}`), 100))
        for (const o of [set, get]) {
          if (o._tag === "Success") seen.answered++
          else if (o._tag === "Failure" && (o.error as Error).name === "TimeoutError") seen.timedOut++
          else if (o._tag === "Failure" && (o.error as Error).name !== "TimeoutError") {
            redis.fd.close()
            redis = undefined
            break
          }
        }
        if (set._tag === "Success" && set.value !== "OK") seen.mismatched.push(`SET k${i} -> ${String(set.value)}`)
        if (get._tag === "Success" && get.value !== `v${i}` && get.value !== null)
          seen.mismatched.push(`GET k${i} -> ${String(get.value)}`)
      }
    }),
  )
  return gen(function* () {
    yield* sleep(15_000)
    return seen
  })
}

const faults = {
  hosts: ["app", "redis"],
  until: 8_000,
  every: 700,
  kinds: ["reset", "partition"] as const,
  maxOutage: 400,
}

describe("examples/resp against a simulated, stalling Redis under resets and partitions", () => {
  it("over 100 seeds every reply matches its command: timeouts and resets never desynchronise the client", async () => {
    let reconnected = 0
    let answered = 0
    let timedOut = 0
    await simProperty(
      {
        seeds: 100,
        faults,
        check: (r) => {
          if (r.outcome._tag !== "Success") return false
          const s = r.outcome.value
          if (s.mismatched.length > 0) throw new Error(`seed ${r.seed}: ${s.mismatched.join("; ")}`)
          if (s.connections > 1) reconnected++
          answered += s.answered
          timedOut += s.timedOut
          return true
        },
      },
      scenario,
    )
    // the faults were real: many runs had to reconnect, and most commands were still answered
    expect(reconnected).toBeGreaterThan(20)
    expect(answered).toBeGreaterThan(100 * 40)
    expect(timedOut).toBeGreaterThan(100)
  }, 60_000)

  it("a seed's trace is the same on the Effect executor", async () => {
    for (const seed of [1, 2]) {
      const a = await simulate({ seed, faults }, scenario)
      const b = await simulate({ seed, faults, executor: effect }, scenario)
      expect(traceDiff(a.trace, b.trace)).toBeUndefined()
    }
  })
})
