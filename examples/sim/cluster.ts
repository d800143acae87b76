// The replicated key-value store of kv.ts inside a simulation: a primary (n1), a backup
// (n2) and a client, with faults drawn from the seed.
import { gen, sleep, type Future } from "@pollable/core"
import type { RandomFaultOptions, SimResult, Simulation } from "@pollable/core/testing"
import { client, replica, type ClientLog } from "./kv.js"

/** Options of {@link kvCluster}. */
export interface KvScenario {
  /** Plant the bug: the primary acknowledges before the backup has the write. */
  readonly bug?: boolean | undefined
  /** SETs the client makes, 100 ms apart. Default 20. */
  readonly writes?: number | undefined
}

const PORT = 7000
const primary = { host: "n1", port: PORT }
const backup = { host: "n2", port: PORT }

/** The hosts faults may hit. */
export const kvHosts: readonly string[] = ["client", "n1", "n2"]

/** Faults for the scenario: partitions, resets and crashes while the client writes. */
export const kvFaults = (options: KvScenario = {}): RandomFaultOptions => ({
  hosts: kvHosts,
  until: (options.writes ?? 20) * 100,
  every: 400,
  maxOutage: 600,
})

/**
 * The simulation body: starts the two replicas and the client, lets the client make its
 * writes (and survive whatever faults come), and returns what the client saw.
 */
export const kvCluster =
  (options: KvScenario = {}) =>
  (sim: Simulation): Future<ClientLog, never> => {
    const writes = options.writes ?? 20
    sim.host("n1", (h) => replica(h, h.disk, { port: PORT, backup, ackBeforeReplicated: options.bug === true }))
    sim.host("n2", (h) => replica(h, h.disk, { port: PORT }))
    const c = sim.host("client", (h) =>
      gen(function* () {
        yield* sleep(5) // the replicas start listening first
        yield* client(h, h.disk, { primary, backup }, writes, 100)
      }),
    )
    return gen(function* () {
      yield* sleep(writes * 100 + 3_000)
      return (c.disk.get("log") as ClientLog | undefined) ?? { acked: [], violations: [] }
    })
  }

/** The property: the run finished and no read from the backup missed an acknowledged write. */
export const kvHolds = (r: SimResult<ClientLog, unknown>): boolean =>
  r.outcome._tag === "Success" && r.outcome.value.violations.length === 0
