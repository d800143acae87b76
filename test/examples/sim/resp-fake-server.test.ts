import { gen, settle, sleep, timeout, type Future } from "@pollable/core"
import type { Simulation } from "@pollable/core/testing"
import { effect } from "@pollable/adapter-effect"
import { describe, expect, it } from "vitest"
import { RespClient } from "../../../examples/resp/client.js"
import { fakeRedis } from "../../../examples/sim/fake-redis.js"
import { expectSameTraces, faultsBetween, seen as emptySeen, stayInStep, type Seen } from "./in-step.js"

/**
 * The RESP client of examples/resp against a fake Redis that stalls, under resets and
 * partitions: each SET/GET pair has a 100 ms timeout; on a broken connection the client
 * reconnects. Whatever happens, a GET must answer its own key's value (or nil), never
 * another command's reply.
 */
const scenario = (sim: Simulation): Future<Seen, unknown> => {
  const data = new Map<string, string>()
  sim.host("redis", (h) => fakeRedis(h, 6379, data, { random: () => sim.random(), stallChance: 0.15, stallMs: 150 }))
  const seen = emptySeen()
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

const faults = faultsBetween("app", "redis", 8_000, 700)

describe("examples/resp against a simulated, stalling Redis under resets and partitions", () => {
  it("over 100 seeds every reply matches its command: timeouts and resets never desynchronise the client", async () => {
    const total = await stayInStep(scenario, faults, 100)
    // the faults were real: many runs had to reconnect, commands timed out, most were still answered
    expect(total.reconnected).toBeGreaterThan(20)
    expect(total.timedOut).toBeGreaterThan(100)
    expect(total.answered).toBeGreaterThan(100 * 40)
  }, 60_000)

  it("a seed's trace is the same on the Effect executor", async () => {
    await expectSameTraces(scenario, faults, effect, [1, 2])
  })
})
