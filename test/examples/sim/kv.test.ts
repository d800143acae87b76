import { SimPropertyFailed, simProperty, simulate, traceDiff, type Trace } from "@pollable/core/testing"
import { native } from "@pollable/adapter-native"
import { rxjs } from "@pollable/adapter-rxjs"
import { effect } from "@pollable/adapter-effect"
import { describe, expect, it } from "vitest"
import { kvCluster, kvFaults, kvHolds } from "../../../examples/sim/cluster.js"

/** Seeds the fixed store runs on every executor in `npm test`; `npm run sim` runs 10,000. */
const SEEDS = 200

describe("examples/sim: a replicated key-value store under simulated faults", () => {
  it("the planted bug (an OK before the backup has the write) is found, its seed printed and replayed", async () => {
    const printed: string[] = []
    let err: unknown
    try {
      await simProperty(
        { seeds: 500, faults: kvFaults(), check: kvHolds, print: (s) => printed.push(s) },
        kvCluster({ bug: true }),
      )
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(SimPropertyFailed)
    const f = err as SimPropertyFailed
    expect(printed.join("\n")).toContain(
      `replay: simulate({ seed: ${f.seed}, faults: ${JSON.stringify(f.faults)} }, body)`,
    )
    // the shrunk script keeps only what the bug needs: a fault between the two replicas
    expect(f.faults.length).toBeLessThan(f.drawn)
    expect(f.faults.some((x) => !("host" in x) || x.host !== "client")).toBe(true)
    // the printed replay fails again, with the very same trace
    const replay = await simulate({ seed: f.seed, faults: f.faults }, kvCluster({ bug: true }))
    expect(kvHolds(replay)).toBe(false)
    expect(traceDiff(replay.trace, f.trace)).toBeUndefined()
    // and the fixed store passes that very scenario
    expect(kvHolds(await simulate({ seed: f.seed, faults: f.faults }, kvCluster()))).toBe(true)
  })

  it(`the fixed store keeps every acknowledged write over ${SEEDS} seeds, same trace on every executor`, async () => {
    const reference = new Map<number, Trace>()
    const report = await simProperty(
      { seeds: SEEDS, faults: kvFaults(), check: (r) => (reference.set(r.seed, r.trace), kvHolds(r)) },
      kvCluster(),
    )
    expect(report.runs).toBe(SEEDS)
    for (const source of [native, rxjs, effect]) {
      await simProperty(
        {
          seeds: SEEDS,
          executor: source,
          faults: kvFaults(),
          check: (r) => {
            const diff = traceDiff(reference.get(r.seed)!, r.trace)
            if (diff !== undefined)
              throw new Error(`seed ${r.seed} on ${r.executor}: trace differs at line ${diff.line}\n${diff.text}`)
            return kvHolds(r)
          },
        },
        kvCluster(),
      )
    }
    // the faults really happened: partitions, resets and crashes were drawn and applied
    const all = [...reference.values()].map((t) => t.text).join("\n")
    for (const kind of ["partition", "rst", "crash", "restart", "hold"]) expect(all).toContain(` ${kind} `)
  }, 180_000)
})
