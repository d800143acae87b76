// T. Timers at scale: 100k sleeps started at once, deadlines spread over 1–50 ms, each
// waited on by its own task. Measured per job: the cost of starting them (ns per sleep),
// the process CPU time until the last one fired (ns per sleep), and how late each one
// fired after its deadline (p50 and p99, ms). Async functions awaiting a `setTimeout`
// promise are the idiom; pollable runs one `fn`-defined task per sleep on a NativeExecutor
// (one host timer for all of them).
import { fn, sleep } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { size, type BenchCase, type BenchGroup } from "../lib.js"

const N = size(1e5, 200)
const delay = (i: number): number => 1 + (i % 50)

interface Sample {
  startNs: number
  cpuNs: number
  p50: number
  p99: number
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

/** Runs one job: `start(i, done)` starts sleep i, which must call `done(i)` when it fires. */
async function job(start: (i: number, ms: number, done: (i: number) => void) => void): Promise<Sample> {
  const due = new Float64Array(N)
  const late = new Float64Array(N)
  let left = N
  let finish!: () => void
  const all = new Promise<void>((r) => (finish = r))
  const done = (i: number): void => {
    late[i] = performance.now() - due[i]!
    if (--left === 0) finish()
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) {
    const ms = delay(i)
    due[i] = t0 + ms
    start(i, ms, done)
  }
  const startNs = ((performance.now() - t0) * 1e6) / N
  await all
  const cpu = process.cpuUsage(cpu0)
  late.sort()
  return {
    startNs,
    cpuNs: ((cpu.user + cpu.system) * 1e3) / N,
    p50: percentile(late, 0.5),
    p99: percentile(late, 0.99),
  }
}

const setTimeoutPromise = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
async function asyncSleeper(i: number, ms: number, done: (i: number) => void): Promise<void> {
  await setTimeoutPromise(ms)
  done(i)
}

const native = new NativeExecutor({ name: "bench-timers" })
const sleeper = fn(function* sleeper(i: number, ms: number, done: (i: number) => void) {
  yield* sleep(ms)
  done(i)
})

const impls = {
  "async fn awaiting a setTimeout promise": (i: number, ms: number, done: (i: number) => void) =>
    void asyncSleeper(i, ms, done),
  "pollable task awaiting sleep (NativeExecutor)": (i: number, ms: number, done: (i: number) => void) =>
    void native.spawn(sleeper(i, ms, done)),
}
type Impl = keyof typeof impls

const metric = (name: string, unit: "ns" | "ms", pick: (s: Sample) => number, goal?: number): BenchGroup => {
  const cases: BenchCase[] = (Object.keys(impls) as Impl[]).map((impl, k) => ({
    impl,
    ...(k === 0 ? { baseline: true } : {}),
    fn: () => job(impls[impl]).then(pick),
  }))
  return {
    name: `T. ${N} sleeps at once: ${name}`,
    kind: "custom",
    unit,
    cases,
    // each metric is its own group (its own process): every round runs a fresh job per impl
    measure: async (c) => pick(await job(impls[c.impl as Impl])),
    ...(goal !== undefined
      ? { goals: [{ impl: "pollable task awaiting sleep (NativeExecutor)", maxRatio: goal }] }
      : {}),
  }
}

export const groups: BenchGroup[] = [
  metric("start cost (ns per sleep)", "ns", (s) => s.startNs, 1.0),
  metric("CPU until the last fired (ns per sleep)", "ns", (s) => s.cpuNs),
  metric("lateness p50 (ms)", "ms", (s) => s.p50),
  metric("lateness p99 (ms)", "ms", (s) => s.p99),
]
