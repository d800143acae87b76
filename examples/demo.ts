// `npm run demo`: one runtime-agnostic library runs on four executors, each through its
// own runtime's idiom (JoinHandle, Promise, Observable, Effect). The library is in
// examples/lib: a timer future written by hand after the Rust async book's timer example
// (async-sleep.ts), join/select/timeout and a cancelled pipeline (scenarios.ts), a
// rate-limited client with retries (client.ts) and a line client over a real loopback
// socket through AsyncFd (line-client.ts). Then the same scenarios run on virtual time:
// all four executors under ONE shared VirtualClock, and each runtime's own test clock.
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

const show = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)))
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
        return e instanceof Interrupted
          ? { result: "—", outcome: "interrupted" }
          : { result: errName(e), outcome: "failure" }
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

/** Prints rows as a table; columns listed in `right` are right-aligned (numbers). */
function table(rows: string[][], right: readonly number[] = []): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)))
  for (const [i, r] of rows.entries()) {
    const cells = r.map((c, j) => (right.includes(j) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
    console.log(cells.join("  ").trimEnd())
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "))
  }
}

/** The one value every executor produced, or each executor's own when they differ. */
function agreed(values: readonly string[]): { value: string; detail?: string } {
  if (values.every((v) => v === values[0])) return { value: values[0]! }
  return { value: "DIFFERS", detail: kinds.map((k, i) => `${k}: ${values[i]}`).join("; ") }
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
      Effect.map(
        Clock.currentTimeMillis,
        (t) => `${r._tag === "Success" ? show(r.success) : errName(r.failure)} @ ${t}`,
      ),
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

  console.log("pollable demo: one library (examples/lib), four executors, each in its runtime's idiom")
  // A first, untimed pass: the first run of any code pays for start-up (compiling it, a
  // garbage collection of the start-up heap), which is not the library's cost.
  for (const s of all) for (const kind of kinds) await runIdiom(kind, makeExecutor(kind), s)

  console.log("\nreal time: result and outcome (the same on every executor), then ms on each\n")
  const rows: string[][] = [["scenario", "result", "outcome", ...kinds]]
  const details: string[] = []
  for (const s of all) {
    const cells: Cell[] = []
    for (const kind of kinds) {
      const t0 = performance.now()
      const r = await runIdiom(kind, makeExecutor(kind), s)
      cells.push({ ...r, ms: performance.now() - t0 })
    }
    const result = agreed(cells.map((c) => c.result))
    const outcome = agreed(cells.map((c) => c.outcome))
    if (result.detail !== undefined || outcome.detail !== undefined) mismatches++
    for (const d of [result.detail, outcome.detail]) if (d !== undefined) details.push(`  ${s.name}: ${d}`)
    rows.push([s.name, result.value, outcome.value, ...cells.map((c) => c.ms.toFixed(0))])
  }
  table(rows, [3, 4, 5, 6])
  for (const d of details) console.log(d)
  console.log(
    "\nReal time is the scenario's own time (e.g. 30 ms for join(30ms, 10ms)) plus the host's\n" +
      "lateness: a timer fires late while the process is paused (a garbage collection, code\n" +
      "compiled on its first run, other processes on the CPU), so a row can show 60 ms on a\n" +
      "busy machine. Timers are not the cause: a plain setTimeout is late by the same amount.\n" +
      "The virtual-time tables below have no jitter.",
  )
  server.close()

  // One virtual clock drives all four executors at once: the timed scenarios finish
  // instantly, and every executor sees the same virtual completion time.
  console.log("\nONE shared VirtualClock driving all four executors together\n")
  console.log("(without the line client: sockets move in real time, a virtual clock cannot drive them)\n")
  const vrows: string[][] = [["scenario", "result (every executor)", "virtual ms", "wall ms"]]
  const vdetails: string[] = []
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
    const result = agreed(cells.map((c) => c.text))
    const at = agreed(cells.map((c) => String(c.at)))
    if (result.detail !== undefined || at.detail !== undefined) mismatches++
    for (const d of [result.detail, at.detail]) if (d !== undefined) vdetails.push(`  ${s.name}: ${d}`)
    vrows.push([s.name, result.value, at.value, wall.toFixed(1)])
  }
  table(vrows, [2, 3])
  for (const d of vdetails) console.log(d)

  // Each runtime's own test clock drives the same library: core's VirtualClock with a
  // manual executor, RxJS's TestScheduler (marble time) and Effect's TestClock.
  console.log("\neach runtime's own test clock: VirtualClock, RxJS TestScheduler, Effect TestClock\n")
  console.log("(also without the cancelled pipeline: its cancel comes from outside, on real time)\n")
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
