// `npm run soak -- <seconds> [--seed N] [--tasks N]`: mixed work with random cancellation on
// the native, RxJS and Effect executors (a third of the time each, or N tasks each with
// --tasks), then heap before/during/after (after a forced GC), timers and host handles left
// behind, tasks run and cancelled, and unexpected outcomes. Exits 1 on a leak or an
// unexpected outcome; the seed it prints replays the same work.
import type { Executor } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { RxjsExecutor } from "@pollable/adapter-rxjs"
import { EffectExecutor } from "@pollable/adapter-effect"
import { activeResources, leakedResources, soak, type SoakLimit, type SoakResult } from "./soak.js"

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const seconds = Number(args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? 30)
const seed = Number(flag("--seed") ?? Math.floor(Math.random() * 2 ** 31))
const tasks = flag("--tasks") === undefined ? undefined : Number(flag("--tasks"))
/** Heap growth after a forced GC that counts as a leak. */
const HEAP_SLACK = 16 * 1024 * 1024

if (!(seconds > 0) || !Number.isInteger(seed) || (tasks !== undefined && !(tasks > 0))) {
  console.error("usage: npm run soak -- <seconds> [--seed <integer>] [--tasks <count per executor>]")
  process.exit(2)
}
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) {
  console.error("soak: run with --expose-gc (npm run soak does)")
  process.exit(2)
}

const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`
const settleHost = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20))
}
const heapAfterGc = async (): Promise<number> => {
  await settleHost()
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed
}

const executors: [string, () => Executor][] = [
  ["native", () => new NativeExecutor()],
  ["rxjs", () => new RxjsExecutor()],
  ["effect", () => new EffectExecutor()],
]

const budget =
  tasks === undefined
    ? `${seconds} s (${(seconds / executors.length).toFixed(1)} s per executor)`
    : `${tasks} tasks per executor`
console.log(`soak: seed ${seed}, ${budget}`)
const heapBefore = await heapAfterGc()
const resourcesBefore = activeResources()
console.log(`heap before: ${mib(heapBefore)}`)

const results: SoakResult[] = []
let heapDuring = 0
for (const [i, [name, make]] of executors.entries()) {
  const limit: SoakLimit =
    tasks !== undefined ? { tasks } : { until: performance.now() + (seconds * 1000) / executors.length }
  const t0 = performance.now()
  const r = await soak(name, make(), { seed: seed + i, limit, window: 256 })
  const ms = performance.now() - t0
  heapDuring = Math.max(heapDuring, r.heapPeak)
  results.push(r)
  console.log(
    `${name.padEnd(7)} tasks ${String(r.tasks).padStart(9)}  cancels sent ${String(r.cancelRequests).padStart(8)}  ` +
      `ended cancelled ${String(r.cancelled).padStart(8)}  unexpected ${r.unexpected}  ` +
      `timers left ${r.timersLeft}  peak heap ${mib(r.heapPeak)}  ${Math.round(r.tasks / (ms / 1000))} tasks/s  ` +
      `(seed ${r.seed})`,
  )
  for (const e of r.examples) console.log(`        unexpected: ${e}`)
}

const heapAfter = await heapAfterGc()
const leaked = leakedResources(resourcesBefore, activeResources())
const total = results.reduce((n, r) => n + r.tasks, 0)
const cancelled = results.reduce((n, r) => n + r.cancelled, 0)
const cancelRequests = results.reduce((n, r) => n + r.cancelRequests, 0)
const unexpected = results.reduce((n, r) => n + r.unexpected, 0)
const timersLeft = results.reduce((n, r) => n + r.timersLeft, 0)
const heapLeak = heapAfter - heapBefore > HEAP_SLACK
console.log(
  `heap during (peak): ${mib(heapDuring)}   heap after GC: ${mib(heapAfter)} ` +
    `(${heapAfter >= heapBefore ? "+" : ""}${mib(heapAfter - heapBefore)})`,
)
console.log(
  `host handles left: ${leaked.length === 0 ? "none" : leaked.join(", ")}   executor timers left: ${timersLeft}`,
)
const pct = (n: number): string => `${((100 * n) / Math.max(total, 1)).toFixed(1)} %`
console.log(
  `total: ${total} tasks, cancels sent to ${cancelRequests} (${pct(cancelRequests)}), ${cancelled} ended cancelled ` +
    `(${pct(cancelled)}), ${unexpected} unexpected outcomes`,
)
const failed = unexpected > 0 || timersLeft > 0 || leaked.length > 0 || heapLeak
if (failed) {
  console.log(
    `FAILED${heapLeak ? ` (heap grew by more than ${mib(HEAP_SLACK)})` : ""}: replay with npm run soak -- ${seconds} ` +
      `--seed ${seed}${tasks === undefined ? "" : ` --tasks ${tasks}`}`,
  )
  process.exit(1)
}
console.log("ok: no leak, no unexpected outcome")
// the default executors' shared state holds nothing that keeps the process alive; exit explicitly anyway
process.exit(0)
