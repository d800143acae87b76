// H. Instrumentation cost: the fan-out (B) and ping-pong (C) jobs on executors with no hooks
// (the baseline: what every executor pays when nobody instruments it), with a hooks object
// whose members are not on the poll path (the instrumented drain loop, calling nothing),
// with task counters (`introspect: true`) and with hooks that do the least a tracing bridge
// does (a map entry per task). Every case of a group returns the same value.
import { LocalExecutor, joinAll, lazy, map, type ExecutorHooks, type Future, type TaskRef } from "@pollable/core"
import { indices, size, sum, type BenchGroup } from "../lib.js"
import { handWritten, N as PING_N } from "./c-pingpong.js"

const N = size(1e4)
const idx = indices(N)

/** Hooks with a span-like record per task: the least an OpenTelemetry bridge does. */
const spanLike = (): ExecutorHooks => {
  const open = new Map<TaskRef, number>()
  return {
    onSpawn: (t) => {
      open.set(t, t.id)
    },
    onTaskEnd: (t) => {
      open.delete(t)
    },
  }
}

const executors = {
  none: new LocalExecutor({ name: "bench-no-hooks" }),
  idle: new LocalExecutor({ name: "bench-idle-hooks", hooks: { onTimerArmed() {} } }),
  counters: new LocalExecutor({ name: "bench-counters", introspect: true }),
  spans: new LocalExecutor({ name: "bench-span-hooks", hooks: spanLike() }),
}
type Kind = keyof typeof executors

const task = (i: number): Future<number, never> => lazy(() => i + 1) as Future<number, never>

const fanOut = (k: Kind) => (): PromiseLike<number> => {
  const ex = executors[k]
  return ex.spawn(map(joinAll(idx.map((i) => ex.spawn(task(i)))), sum))
}

const pingPong = (k: Kind) => async (): Promise<number> => {
  const ex = executors[k]
  const [ping, pong] = handWritten()
  const p = ex.spawn(ping)
  ex.spawn(pong)
  return await p
}

const cases = (job: (k: Kind) => () => unknown) => [
  { impl: "no hooks", baseline: true, fn: job("none") },
  { impl: "hooks off the poll path", fn: job("idle") },
  { impl: "introspect: true", fn: job("counters") },
  { impl: "span-like hooks", fn: job("spans") },
]

export const groups: BenchGroup[] = [
  {
    name: `H1. hooks: fan-out ${N} tasks`,
    ops: N,
    sameResult: true,
    cases: cases(fanOut),
    goals: [{ impl: "hooks off the poll path", maxRatio: 1.1 }],
  },
  {
    name: `H2. hooks: ping-pong ${PING_N} round trips`,
    ops: PING_N,
    sameResult: true,
    cases: cases(pingPong),
    goals: [{ impl: "hooks off the poll path", maxRatio: 1.1 }],
  },
]
