// X. The first job after a full GC, against the same job in steady state. V8 throws away
// optimized code whose embedded objects died in a GC ("weak objects" deopts); a job that
// then runs cold pays for it. Each measurement warms the job up, then times either one
// more run (steady) or one run right after two full GCs (`--expose-gc`). The job is group
// R's fan-out (10k tasks that each yield once), written as users write it.
import { gen, joinAll, map, yieldNow } from "@pollable/core"
import { NativeExecutor, toPromise } from "@pollable/adapter-native"
import { indices, size, sum, type BenchCase, type BenchGroup } from "../lib.js"
import { N, bareTasks, joinAllTasks, promiseAll } from "./r-fanout-yield.js"

const WARM = size(30, 3)
const idx = indices(N)

const native = new NativeExecutor({ name: "bench-native-inline" })
const inlineTasks = (): Promise<number> =>
  toPromise(
    map(
      joinAll(
        idx.map((i) =>
          gen(function* () {
            yield* yieldNow()
            return i + 1
          }),
        ),
      ),
      sum,
    ),
    { executor: native },
  )

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc
  g?.()
  g?.()
}

/** ns per task of one run of `job` after warming it up, steady or right after a full GC. */
const timed = (job: () => Promise<number>, afterGc: boolean) => async (): Promise<number> => {
  const times: number[] = []
  for (let k = 0; k < WARM; k++) {
    const t = performance.now()
    await job()
    times.push(performance.now() - t)
  }
  if (afterGc) {
    // let the host settle (timers of the GC'd runs, pending microtasks), then collect twice
    await new Promise((r) => setTimeout(r, 0))
    gc()
    const t = performance.now()
    await job()
    return ((performance.now() - t) * 1e6) / N
  }
  // steady state: the median of the last third of the warm runs
  const tail = times.slice(Math.floor((times.length * 2) / 3)).sort((a, b) => a - b)
  return (tail[tail.length >> 1]! * 1e6) / N
}

interface TimedCase extends BenchCase {
  readonly run: () => Promise<number>
}

const cases: TimedCase[] = [
  { impl: "Promise.all fan-out, steady state", baseline: true, fn: promiseAll, run: timed(promiseAll, false) },
  { impl: "Promise.all fan-out, first job after a full GC", fn: promiseAll, run: timed(promiseAll, true) },
  { impl: "pollable fan-out (fn tasks), steady state", fn: joinAllTasks, run: timed(joinAllTasks, false) },
  { impl: "pollable fan-out (fn tasks), first job after a full GC", fn: joinAllTasks, run: timed(joinAllTasks, true) },
  { impl: "floor: bare generators + a plain run queue, steady state", fn: bareTasks, run: timed(bareTasks, false) },
  {
    impl: "floor: bare generators + a plain run queue, first job after a full GC",
    fn: bareTasks,
    run: timed(bareTasks, true),
  },
  { impl: "pollable fan-out (inline gen closures), steady state", fn: inlineTasks, run: timed(inlineTasks, false) },
  {
    impl: "pollable fan-out (inline gen closures), first job after a full GC",
    fn: inlineTasks,
    run: timed(inlineTasks, true),
  },
]

export const groups: BenchGroup[] = [
  {
    name: `X. first job after a full GC vs steady state (${N}-task fan-out, ns per task)`,
    kind: "custom",
    cases,
    measure: (c) => (c as TimedCase).run(),
    goals: [
      {
        impl: "pollable fan-out (fn tasks), first job after a full GC",
        maxRatio: 3,
        versus: "pollable fan-out (fn tasks), steady state",
      },
      {
        impl: "pollable fan-out (inline gen closures), first job after a full GC",
        maxRatio: 3,
        versus: "pollable fan-out (inline gen closures), steady state",
      },
    ],
  },
]
