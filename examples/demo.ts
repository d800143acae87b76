// `npm run demo` — the main job. One runtime-agnostic library (examples/lib: the seeds'
// AsyncSleep, join/select/timeout, a rate-limited client, a cancelled pipeline, and a
// FutSocket-style line client over a real loopback socket) runs on four executors, each
// through its own runtime's idiom (JoinHandle, Promise, Observable, Effect). Then the
// same scenarios run on all four executors at once under ONE shared VirtualClock.
import { Interrupted, LocalExecutor, TimerQueue, hostClock, type Executor, type Future } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { NativeExecutor, toPromise } from "@pollable/adapter-native"
import { RxjsExecutor, toObservable } from "@pollable/adapter-rxjs"
import { EffectExecutor, toEffect } from "@pollable/adapter-effect"
import { asapScheduler, map as rxMap } from "rxjs"
import { TestScheduler } from "rxjs/testing"
import { Cause, Clock, Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { scenarios, type Scenario } from "./lib/scenarios.js"
import { lineServer, lineClientScenario } from "./lib/line-client.js"

type Kind = "reference" | "native" | "rxjs" | "effect"
interface Cell {
  result: string
  outcome: "success" | "failure" | "interrupted"
  ms: number
}

const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v) ?? String(v))
const errName = (e: unknown): string => (e instanceof Error ? e.name : String(e))

/** Runs one scenario on one executor, through that runtime's own idiom. */
async function runIdiom(kind: Kind, ex: Executor, s: Scenario): Promise<Omit<Cell, "ms">> {
  switch (kind) {
    case "reference": {
      const h = ex.spawn(s.make())
      if (s.cancelAfterMs !== undefined) setTimeout(() => h.cancel(), s.cancelAfterMs)
      try {
        return { result: show(await h), outcome: "success" }
      } catch (e) {
        return e instanceof Interrupted ? { result: "—", outcome: "interrupted" } : { result: errName(e), outcome: "failure" }
      }
    }
    case "native": {
      const ac = new AbortController()
      if (s.cancelAfterMs !== undefined) setTimeout(() => ac.abort(new Interrupted("demo")), s.cancelAfterMs)
      try {
        return { result: show(await toPromise(s.make(), { signal: ac.signal, executor: ex })), outcome: "success" }
      } catch (e) {
        return ac.signal.aborted ? { result: "—", outcome: "interrupted" } : { result: errName(e), outcome: "failure" }
      }
    }
    case "rxjs": {
      // unsubscribe = cancel; an interrupted future completes without a value (default policy)
      const NONE = Symbol("none")
      const obs = toObservable(s.make, { executor: ex })
      const out = await new Promise<{ v: unknown } | { e: unknown }>((resolve) => {
        let v: unknown = NONE
        const sub = obs.subscribe({
          next: (x) => (v = x),
          error: (e) => resolve({ e }),
          complete: () => resolve({ v }),
        })
        if (s.cancelAfterMs !== undefined)
          setTimeout(() => {
            sub.unsubscribe()
            resolve({ v: NONE })
          }, s.cancelAfterMs)
      })
      if ("e" in out) return { result: errName(out.e), outcome: "failure" }
      return out.v === NONE ? { result: "—", outcome: "interrupted" } : { result: show(out.v), outcome: "success" }
    }
    case "effect": {
      const program = Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(toEffect(s.make, { executor: ex }))
        if (s.cancelAfterMs !== undefined) {
          yield* Effect.sleep(s.cancelAfterMs)
          yield* Fiber.interrupt(fiber)
        }
        return yield* Fiber.await(fiber)
      })
      const exit = await Effect.runPromise(program)
      if (Exit.isSuccess(exit)) return { result: show(exit.value), outcome: "success" }
      if (Cause.hasInterruptsOnly(exit.cause)) return { result: "—", outcome: "interrupted" }
      const err = Cause.squash(exit.cause)
      return { result: errName(err), outcome: "failure" }
    }
  }
}

const kinds: Kind[] = ["reference", "native", "rxjs", "effect"]
const makeExecutor = (kind: Kind, timer?: VirtualClock): Executor => {
  switch (kind) {
    case "reference":
      return new LocalExecutor({ timer: timer ?? new TimerQueue(hostClock()), name: "reference" })
    case "native":
      return new NativeExecutor(timer ? { timer } : {})
    case "rxjs":
      return new RxjsExecutor(asapScheduler, timer ? { timer } : {})
    case "effect":
      return new EffectExecutor(timer ? { timer } : {})
  }
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)))
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j]!)).join("  ").trimEnd())
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "))
  }
}

const settled = (f: () => unknown): string => {
  try {
    return show(f())
  } catch (e) {
    return errName(e)
  }
}

function virtualClockRun(s: Scenario): string {
  const clock = new VirtualClock()
  const ex = new ManualExecutor({ timer: clock })
  return `${settled(() => ex.blockOn(s.make()))} @ ${clock.now()}`
}

function testSchedulerRun(s: Scenario): string {
  const ts = new TestScheduler(() => {})
  let cell = "pending"
  ts.run(() => {
    toObservable(s.make, { scheduler: ts })
      .pipe(rxMap((v) => `${show(v)} @ ${ts.now()}`))
      .subscribe({ next: (v) => (cell = v), error: (e) => (cell = `${errName(e)} @ ${ts.now()}`) })
  })
  return cell
}

async function testClockRun(s: Scenario): Promise<string> {
  const stamp = <A>(eff: Effect.Effect<A, unknown>) =>
    Effect.flatMap(Effect.result(eff), (r) =>
      Effect.map(Clock.currentTimeMillis, (t) => `${r._tag === "Success" ? show(r.success) : errName(r.failure)} @ ${t}`),
    )
  const program = Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(stamp(toEffect(s.make)))
    yield* TestClock.adjust("10 seconds")
    return yield* Fiber.join(fiber)
  })
  return Effect.runPromise(Effect.provide(program, TestClock.layer()))
}

async function main(): Promise<void> {
  const server = await lineServer()
  const all: Scenario[] = [...scenarios, lineClientScenario(server.port)]
  let mismatches = 0

  console.log("pollable demo — one library, four executors, each in its runtime's idiom (real time)\n")
  const rows: string[][] = [["scenario", ...kinds.map((k) => `${k}: result / outcome / ms`)]]
  for (const s of all) {
    const cells: Cell[] = []
    for (const kind of kinds) {
      const t0 = performance.now()
      const r = await runIdiom(kind, makeExecutor(kind), s)
      cells.push({ ...r, ms: performance.now() - t0 })
    }
    const same = cells.every((c) => c.result === cells[0]!.result && c.outcome === cells[0]!.outcome)
    if (!same) mismatches++
    rows.push([s.name, ...cells.map((c) => `${c.result} / ${c.outcome} / ${c.ms.toFixed(0)}`)])
  }
  table(rows)
  server.close()

  // One virtual clock drives all four executors at once: the timed scenarios finish
  // instantly, and every executor sees the same virtual completion time.
  console.log("\nthe same scenarios under ONE shared VirtualClock driving all four executors together\n")
  const vrows: string[][] = [["scenario", ...kinds.map((k) => `${k}: result @ virtual ms`), "wall ms"]]
  for (const s of scenarios) {
    const clock = new VirtualClock()
    const handles = kinds.map((k) => {
      const ex = makeExecutor(k, clock)
      const h = ex.spawn(s.make() as Future<unknown, unknown>)
      const cell = { text: "pending", at: Number.NaN }
      h.then(
        (v) => Object.assign(cell, { text: show(v), at: clock.now() }),
        (e) => Object.assign(cell, { text: e instanceof Interrupted ? "interrupted" : errName(e), at: clock.now() }),
      )
      return { h, cell }
    })
    const t0 = performance.now()
    if (s.cancelAfterMs !== undefined) {
      await clock.advanceAsync(s.cancelAfterMs)
      for (const { h } of handles) h.cancel()
    }
    await clock.runAllAsync()
    const wall = performance.now() - t0
    const cells = handles.map(({ cell }) => cell)
    if (!cells.every((c) => c.text === cells[0]!.text && c.at === cells[0]!.at)) mismatches++
    vrows.push([s.name, ...cells.map((c) => `${c.text} @ ${c.at}`), wall.toFixed(1)])
  }
  table(vrows)

  // Each runtime's own test clock drives the same library: core's VirtualClock with a
  // manual executor, RxJS's TestScheduler (marble time) and Effect's TestClock.
  console.log("\neach runtime's own test clock: VirtualClock, RxJS TestScheduler, Effect TestClock\n")
  const trows: string[][] = [["scenario", "VirtualClock", "TestScheduler", "TestClock"]]
  for (const s of scenarios.filter((x) => x.cancelAfterMs === undefined)) {
    const cells = [virtualClockRun(s), testSchedulerRun(s), await testClockRun(s)]
    if (!cells.every((c) => c === cells[0])) mismatches++
    trows.push([s.name, ...cells])
  }
  table(trows)

  console.log(
    mismatches === 0
      ? "\nevery executor agreed on every result, outcome and virtual timestamp"
      : `\n${mismatches} scenario(s) differed between executors`,
  )
  process.exitCode = mismatches === 0 ? 0 : 1
}

await main()
