// What the RESP and PostgreSQL scenarios share: a client counts what happened to its
// requests under faults, and the property is that no reply ever lands on the wrong request.
import type { Future } from "@pollable/core"
import { simProperty, simulate, traceDiff, type SimExecutorSource, type Simulation } from "@pollable/core/testing"
import { expect } from "vitest"

/** What a client saw over one run. */
export interface Seen {
  /** Replies that belonged to another request: the client lost step with the server. */
  mismatched: string[]
  /** Requests answered (not timed out, not failed). */
  answered: number
  /** Requests given up by their timeout while the server stalled (their replies come later and must be skipped). */
  timedOut: number
  /** Connections opened: more than one means resets were survived by reconnecting. */
  connections: number
  /** CancelRequests sent (PostgreSQL only). */
  cancelsSent: number
}

export const seen = (): Seen => ({ mismatched: [], answered: 0, timedOut: 0, connections: 0, cancelsSent: 0 })

/** Faults between the client host and the server host, while the client works. */
export const faultsBetween = (app: string, server: string, until: number, every: number) => ({
  hosts: [app, server],
  until,
  every,
  kinds: ["reset", "partition"] as const,
  maxOutage: 400,
})

type Scenario = (sim: Simulation) => Future<Seen, unknown>

/**
 * Run `seeds` seeds; fail at the first reply that landed on the wrong request or a run that
 * did not finish. Returns the totals over all runs (to show the faults really happened).
 */
export async function stayInStep(scenario: Scenario, faults: ReturnType<typeof faultsBetween>, seeds: number) {
  const total = { answered: 0, timedOut: 0, cancelsSent: 0, reconnected: 0 }
  await simProperty(
    {
      seeds,
      faults,
      check: (r) => {
        if (r.outcome._tag !== "Success") return false
        const s = r.outcome.value
        if (s.mismatched.length > 0) throw new Error(`seed ${r.seed}: ${s.mismatched.join("; ")}`)
        total.answered += s.answered
        total.timedOut += s.timedOut
        total.cancelsSent += s.cancelsSent
        if (s.connections > 1) total.reconnected++
        return true
      },
    },
    scenario,
  )
  return total
}

/** The trace of each seed is the same on `executor` as on the reference executor. */
export async function expectSameTraces(
  scenario: Scenario,
  faults: ReturnType<typeof faultsBetween>,
  executor: SimExecutorSource,
  seeds: readonly number[],
): Promise<void> {
  for (const seed of seeds) {
    const a = await simulate({ seed, faults }, scenario)
    const b = await simulate({ seed, faults, executor }, scenario)
    expect(traceDiff(a.trace, b.trace)).toBeUndefined()
  }
}
