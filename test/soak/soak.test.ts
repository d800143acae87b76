import { describe, expect, it } from "vitest"
import { NativeExecutor } from "@pollable/adapter-native"
import { RxjsExecutor } from "@pollable/adapter-rxjs"
import { EffectExecutor } from "@pollable/adapter-effect"
import type { Executor } from "@pollable/core"
import { activeResources, leakedResources, makeWork, seededRandom, soak } from "../../bench/soak/soak.js"

// The short, count-based form of `npm run soak`: a few thousand tasks of mixed work per
// executor, ~30 % of them sent a cancel, every outcome checked against what its work
// allows; afterwards no timer is left on the executor and no host handle is left behind.
// The seed is fixed so a failure replays (npm run soak -- <seconds> --seed <seed>).
const SEED = 20261207
const TASKS = 2500

const executors: [string, () => Executor][] = [
  ["native", () => new NativeExecutor()],
  ["rxjs", () => new RxjsExecutor()],
  ["effect", () => new EffectExecutor()],
]

describe("soak (short form)", () => {
  it.each(executors.map(([name, make], i) => [name, make, SEED + i] as const))(
    "%s: mixed work with random cancellation leaves no timer or handle and no unexpected outcome",
    async (name, make, seed) => {
      const before = activeResources()
      const r = await soak(name, make(), { seed, limit: { tasks: TASKS } })
      expect(r.tasks).toBe(TASKS)
      expect({ seed, unexpected: r.unexpected, examples: r.examples }).toEqual({ seed, unexpected: 0, examples: [] })
      expect(r.cancelRequests).toBeGreaterThan(TASKS * 0.2)
      expect(r.cancelled).toBeGreaterThan(0)
      expect(r.timersLeft).toBe(0)
      // host timers and immediates of the executor are gone once its work is done
      for (let i = 0; i < 5 && leakedResources(before, activeResources()).length > 0; i++)
        await new Promise((res) => setTimeout(res, 20))
      expect(leakedResources(before, activeResources())).toEqual([])
    },
  )

  it("the work generator is replayable from its seed", () => {
    const kinds = (seed: number) => {
      const rnd = seededRandom(seed)
      return Array.from({ length: 50 }, () => makeWork(rnd).kind)
    }
    expect(kinds(7)).toEqual(kinds(7))
    expect(new Set(kinds(7)).size).toBeGreaterThan(6)
  })
})
