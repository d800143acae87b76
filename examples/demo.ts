// The main job: one runtime-agnostic scenario set, run on every executor, printed side by side.
import { gen, join, LocalExecutor, map, select, sleep, timeout, TimerQueue, hostClock, type Executor, type Future } from "@pollable/core"

interface Scenario {
  readonly name: string
  readonly make: () => Future<unknown, unknown>
}

const scenarios: Scenario[] = [
  { name: "join(sleep 30, sleep 50)", make: () => map(join(sleep(30), sleep(50)), () => "both done") },
  {
    name: "select(sleep 20 → a, sleep 40 → b)",
    make: () => map(select(map(sleep(20), () => "a"), map(sleep(40), () => "b")), (s) => `winner ${s.value}`),
  },
  { name: "timeout(sleep 100, 25)", make: () => timeout(sleep(100), 25) },
  {
    name: "gen pipeline (3 × sleep 10)",
    make: () =>
      gen(function* () {
        let acc = 0
        for (let i = 1; i <= 3; i++) {
          yield* sleep(10)
          acc += i
        }
        return acc
      }),
  },
]

async function runOn(ex: Executor, s: Scenario) {
  const t0 = performance.now()
  const h = ex.spawn(s.make())
  let result: string
  let outcome: string
  try {
    result = JSON.stringify(await h)
    outcome = "success"
  } catch (e) {
    result = e instanceof Error ? e.name : String(e)
    outcome = "failure"
  }
  return { result, outcome, ms: performance.now() - t0 }
}

const executors: [string, () => Executor][] = [
  ["reference", () => new LocalExecutor({ timer: new TimerQueue(hostClock()), name: "reference" })],
]

const rows: string[][] = [["scenario", "executor", "result", "outcome", "wall ms"]]
for (const s of scenarios) {
  for (const [name, make] of executors) {
    const r = await runOn(make(), s)
    rows.push([s.name, name, r.result, r.outcome, r.ms.toFixed(1)])
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j]!)).join("  "))
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "))
}
