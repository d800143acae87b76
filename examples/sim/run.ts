// npm run sim — the replicated key-value store of kv.ts under 10,000 seeds of faults.
//
//   npm run sim                                  10,000 seeds on the reference executor
//   npm run sim -- --seeds 500 --executor effect  another count, another executor
//   npm run sim -- --bug                          the planted bug: stops at the first failing seed
//
// Prints seeds per second and virtual seconds simulated per real second. A failing seed is
// printed with a fault script shrunk to the faults that matter and a line that replays it.
import { simProperty, type SimExecutorKind } from "@pollable/core/testing"
import { kvCluster, kvFaults, kvHolds } from "./cluster.js"

const args = process.argv.slice(2)
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const seeds = Number(opt("seeds") ?? 10_000)
const executor = (opt("executor") ?? "reference") as SimExecutorKind
const bug = args.includes("--bug")
if (!Number.isSafeInteger(seeds) || seeds < 1) {
  console.error(`--seeds expects a whole number of seeds, got ${opt("seeds")}`)
  process.exit(2)
}

const started = performance.now()
try {
  const report = await simProperty(
    { seeds, executor, faults: kvFaults(), check: kvHolds, firstSeed: Number(opt("first") ?? 1) },
    kvCluster({ bug }),
  )
  const s = (performance.now() - started) / 1000
  console.log(
    `${report.runs} seeds passed on the ${executor} executor in ${s.toFixed(1)} s: ` +
      `${(report.runs / s).toFixed(0)} seeds/s, ${(report.virtualMs / 1000 / s).toFixed(0)} virtual s per real s ` +
      `(${(report.virtualMs / 1000).toFixed(0)} virtual s, ${report.steps} polls)`,
  )
} catch (e) {
  const s = (performance.now() - started) / 1000
  console.error(`\nfound after ${s.toFixed(1)} s: ${(e as Error).message}`)
  process.exit(1)
}
