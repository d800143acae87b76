import type { Executor, JoinHandle, Outcome } from "../../contracts/executor.js"
import { hostMacrotask } from "../../executor/host-macrotask.js"
import type { Future, Pollable } from "../../contracts/future.js"
import { Pending, type Poll } from "../../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../../contracts/waker.js"
import { InvalidArgument, PollableError } from "../../errors.js"
import { checkOptions, describeArgument } from "../../internal/check.js"
import { LocalExecutor } from "../../executor/local-executor.js"
import { enterFaultScope, leaveFaultScope, type FaultReporter } from "../../fault/report.js"
import type { AsyncFd } from "../../io/async-fd.js"
import { mulberry32 } from "../../internal/mulberry32.js"
import { VirtualClock } from "../virtual-clock.js"
import { describeFault, randomFaults, type FaultEvent, type RandomFaultOptions } from "./faults.js"
import {
  SimNetwork,
  type LinkOptions,
  type Net,
  type NetOptions,
  type SimConnection,
  type SimListener,
  type SimSocket,
} from "./net.js"
import type { ConnectFailed, ListenFailed } from "./errors.js"
import { makeTrace, type Trace } from "./trace.js"

/** The executors a simulation can run on by name; the adapters' packages must be installed for the last three. */
export type SimExecutorKind = "reference" | "native" | "rxjs" | "effect"

/** Anything with `createExecutor()` — each adapter's `native` / `rxjs` / `effect` object fits. */
export interface SimExecutorSource {
  readonly name: string
  createExecutor(): Executor
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Drives every random decision: which ready task runs next, jitter, random faults. */
  readonly seed: number
  /**
   * The executor that polls the tasks: `"reference"` (core's `LocalExecutor`, the default),
   * `"native"`, `"rxjs"`, `"effect"` (loaded from their packages), or an adapter object.
   */
  readonly executor?: SimExecutorKind | SimExecutorSource | undefined
  /** Virtual deadline in ms: the run stops there (outcome `Deadline`) if the body has not finished. Default 60,000. */
  readonly until?: number | undefined
  /** Write the trace to this file (Node, Bun, Deno) when the run ends. */
  readonly trace?: string | undefined
  /** Faults: a script to apply, or how to draw one from the seed ({@link randomFaults}). Default: none. */
  readonly faults?: readonly FaultEvent[] | RandomFaultOptions | undefined
  /** Network timing and buffers. */
  readonly net?: NetOptions | undefined
  /** Record one line per poll a task gets (`poll <task>`). Default false. */
  readonly tracePolls?: boolean | undefined
  /** Most polls before the run stops with outcome `StepLimit` (a task that never settles). Default 10,000,000. */
  readonly maxSteps?: number | undefined
}

/** How a simulation ended: the body's outcome, or why it did not finish. */
export type SimOutcome<T, E> =
  | Outcome<T, E>
  /** The virtual deadline (`until`) came first. */
  | { readonly _tag: "Deadline" }
  /** Nothing could run and no timer was set, but the body had not finished: it waits forever. */
  | { readonly _tag: "Deadlock" }
  /** `maxSteps` polls were used up. */
  | { readonly _tag: "StepLimit" }

/** What {@link simulate} returns. */
export interface SimResult<T, E> {
  readonly seed: number
  /** The executor that polled, as it describes itself. */
  readonly executor: string
  readonly outcome: SimOutcome<T, E>
  readonly trace: Trace
  /** Virtual time when the run ended (ms). */
  readonly virtualMs: number
  /** Polls granted to tasks. */
  readonly steps: number
  /** The fault script that was applied. */
  readonly faults: readonly FaultEvent[]
  /** Faults reported while it ran (rule 8), as `origin: error` lines; they are in the trace too. */
  readonly reported: readonly string[]
  /** Timers still registered after the end-of-run cancellation (0 when everything released its timers). */
  readonly leakedTimers: number
}

/** The executor polled a task of the simulation too late or never: it does not run what it was handed. */
export class SimulationStuck extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "SimulationStuck", …)`, Effect's `catchTag`. */
  readonly _tag = "SimulationStuck" as const
  constructor(
    readonly executor: string,
    readonly task: string,
  ) {
    super(
      `the ${executor} executor did not poll ${task} after it was woken; ` +
        `pass an executor that runs woken tasks (e.g. "reference")`,
    )
  }
}

const errorLine = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))

/**
 * A task of the simulation. The executor polls the gate; the gate polls the task's future
 * only when the simulation granted it this turn, with a `Context` whose waker reports to
 * the simulation's ready set, whose timer is the simulation's clock and whose spawner
 * starts gated tasks on the same host. So which task runs next is decided by the seed,
 * whatever the executor's own queue does.
 */
class Gate<T, E> implements Future<T, E>, Waker {
  granted = false
  queued = false
  done = false
  outer: Waker | undefined
  handle: JoinHandle<T, E> | undefined
  #future: Future<T, E> | undefined
  readonly cx: Context
  constructor(
    readonly run: Simulation,
    readonly host: SimHost,
    readonly name: string,
    readonly make: () => Future<T, E>,
    readonly onEnd: ((o: Outcome<T, E>) => void) | undefined,
  ) {
    this.cx = { waker: this, timer: run.clock, spawner: host.spawner }
  }
  wake(): void {
    this.run.markReady(this)
  }
  poll(cx: Context): Poll<T> {
    this.outer = cx.waker
    if (!this.granted || this.done) return Pending
    this.granted = false
    const prev = enterFaultScope(this.run.reporter)
    try {
      this.#future ??= this.make()
      const r = this.#future.poll(this.cx)
      if (r === Pending) return Pending
      this.#end({ _tag: "Success", value: r })
      return r
    } catch (e) {
      this.#end({ _tag: "Failure", error: e as E })
      throw e
    } finally {
      leaveFaultScope(prev)
    }
  }
  cancel(): void {
    if (this.done) return
    const f = this.#future
    this.#future = undefined
    const prev = enterFaultScope(this.run.reporter)
    try {
      f?.cancel()
    } catch (e) {
      this.run.reporter(e, `cancelling ${this.name}`)
    } finally {
      leaveFaultScope(prev)
    }
    this.#end({ _tag: "Interrupted" })
  }
  #end(o: Outcome<T, E>): void {
    this.done = true
    this.#future = undefined
    this.host.tasks.delete(this)
    this.run.record(
      o._tag === "Success"
        ? `end ${this.name}`
        : o._tag === "Failure"
          ? `fail ${this.name} ${errorLine(o.error)}`
          : `cancel ${this.name}`,
    )
    this.onEnd?.(o)
  }
}

/**
 * A simulated machine: a name, tasks, a disk that survives crashes, and the network
 * functions of {@link Net} bound to it (`connect`, `listen`), so code that takes a `Net`
 * runs on it unchanged.
 */
export class SimHost implements Net<AsyncFd<SimSocket>> {
  /** Survives `crash` and `restart` (in-memory state does not: the start function runs again). */
  readonly disk = new Map<string, unknown>()
  /** @internal */ readonly tasks = new Set<Gate<any, any>>()
  /** @internal */ up = true
  /** How many times it was (re)started. */
  incarnation = 0
  #next = 0
  /** Spawns gated tasks on this host (what its tasks see as `cx.spawner`). */
  readonly spawner: Spawner
  /** Connect from this host to `host:port` of the simulated network. */
  readonly connect: (host: string, port: number) => Pollable<AsyncFd<SimSocket>, ConnectFailed>
  /** Listen on a port of this host (0 picks a free one); with `handler`, each connection runs as its own task. */
  readonly listen: (
    port: number | { port: number; host?: string },
    handler?: (fd: AsyncFd<SimSocket>) => Future<unknown, unknown>,
  ) => Pollable<SimListener, ListenFailed>
  /** @internal */
  constructor(
    readonly run: Simulation,
    readonly name: string,
    /** @internal */ readonly start: ((h: SimHost) => Future<unknown, unknown>) | undefined,
  ) {
    this.spawner = { spawn: (f) => this.spawn(f) }
    this.connect = (host, port) => run.net.connect(this.name, host, port)
    this.listen = (port, handler) => run.net.listen(this.name, port, handler)
  }
  /** The simulation's clock. */
  get clock(): Timer {
    return this.run.clock
  }
  /** True unless crashed. */
  get isUp(): boolean {
    return this.up
  }
  /** Start `future` as a task of this host; `name` appears in the trace. */
  spawn<T, E>(future: Future<T, E>, name?: string): JoinHandle<T, E> {
    return this.run.spawnGate(this, `${this.name}/${name ?? "task"}#${++this.#next}`, () => future, undefined)
  }
}

/** Resolve the executor option into an executor and the way to let it run what was granted. @internal */
interface Driver {
  readonly executor: Executor
  readonly name: string
  /** Let the executor poll what it was woken for; synchronous when it can be. */
  turn(): void
  /** True when `turn` drains everything synchronously (the reference executor). */
  readonly sync: boolean
}

// setImmediate, else a MessageChannel message: a browser's setTimeout(0) is clamped to 4 ms
const hostImmediate = (): Promise<void> => new Promise((resolve) => hostMacrotask(resolve))

function referenceDriver(clock: VirtualClock): Driver {
  let pending: (() => void) | undefined
  const executor = new LocalExecutor({
    timer: clock,
    name: "reference",
    schedule: (drain) => {
      pending = drain
    },
  })
  return {
    executor,
    name: "reference",
    sync: true,
    turn() {
      for (let d = pending; d !== undefined; d = pending) {
        pending = undefined
        d()
      }
    },
  }
}

const ADAPTERS: Record<Exclude<SimExecutorKind, "reference">, string> = {
  native: "@pollable/adapter-native",
  rxjs: "@pollable/adapter-rxjs",
  effect: "@pollable/adapter-effect",
}

const importer = (name: string): Promise<Record<string, unknown>> =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<Record<string, unknown>>

async function makeDriver(choice: SimulateOptions["executor"], clock: VirtualClock): Promise<Driver> {
  if (choice === undefined || choice === "reference") return referenceDriver(clock)
  let source: SimExecutorSource
  if (typeof choice === "string") {
    const pkg = ADAPTERS[choice]
    if (pkg === undefined) {
      throw new InvalidArgument(
        "simulate({ executor })",
        `"${choice}" is not an executor kind`,
        'pass "reference", "native", "rxjs", "effect" or an adapter object',
      )
    }
    const mod = await importer(pkg).catch(() => undefined)
    const a = mod?.[choice] as SimExecutorSource | undefined
    if (a === undefined || typeof a.createExecutor !== "function") {
      throw new InvalidArgument(
        "simulate({ executor })",
        `the package ${pkg} could not be loaded`,
        `install it (npm install ${pkg}) or pass its adapter object`,
      )
    }
    source = a
  } else if (typeof choice === "object" && choice !== null && typeof choice.createExecutor === "function") {
    source = choice
  } else {
    throw new InvalidArgument(
      "simulate({ executor })",
      `expected an executor kind or an adapter object, got ${describeArgument(choice)}`,
      'pass "reference", "native", "rxjs", "effect" or e.g. the native adapter object',
    )
  }
  const executor = source.createExecutor()
  return { executor, name: executor.describe?.() ?? source.name, sync: false, turn() {} }
}

const SCHED_STREAM = 0x9e37_79b9
const NET_STREAM = 0x85eb_ca6b
const USER_STREAM = 0xc2b2_ae35

/**
 * The simulation handed to the body of {@link simulate}: hosts, the clock, the network,
 * and the faults a test can inject by script.
 */
export class Simulation {
  readonly seed: number
  readonly clock: VirtualClock
  readonly net: SimNetwork
  /** The host the body's own future runs on. */
  readonly main: SimHost
  /** @internal */ readonly reporter: FaultReporter
  readonly #lines: string[] = []
  readonly #reported: string[] = []
  readonly #hosts = new Map<string, SimHost>()
  readonly #ready: Gate<any, any>[] = []
  readonly #pick: () => number
  readonly #user: () => number
  readonly #tracePolls: boolean
  readonly #deferred: (() => void)[] = []
  /** @internal */ driver: Driver | undefined
  #polling = false
  #closed = false

  /** @internal */
  constructor(seed: number, net: NetOptions | undefined, tracePolls: boolean) {
    this.seed = seed
    this.clock = new VirtualClock()
    this.#pick = mulberry32((seed ^ SCHED_STREAM) >>> 0)
    this.#user = mulberry32((seed ^ USER_STREAM) >>> 0)
    this.#tracePolls = tracePolls
    this.reporter = (error, origin) => {
      const line = `${origin}: ${errorLine(error)}`
      this.#reported.push(line)
      this.record(`fault ${line}`)
    }
    const netRandom = mulberry32((seed ^ NET_STREAM) >>> 0)
    this.net = new SimNetwork(
      {
        clock: this.clock,
        random: netRandom,
        record: (l) => this.record(l),
        isUp: (h) => this.#hosts.get(h)?.up ?? false,
      },
      net,
    )
    this.main = new SimHost(this, "main", undefined)
    this.#hosts.set("main", this.main)
  }

  /** Add a trace line at the current virtual time. */
  record(line: string): void {
    this.#lines.push(`${this.clock.now()} ${line}`)
  }
  /** Add a line of your own to the trace (e.g. what an invariant check saw). */
  log(message: string): void {
    this.record(`log ${message}`)
  }
  /** A number in `[0, 1)` from the seed's own stream for the body (independent of scheduling and network draws). */
  random(): number {
    return this.#user()
  }
  /** Virtual time (ms). */
  now(): number {
    return this.clock.now()
  }
  /** @internal */
  get lines(): string[] {
    return this.#lines
  }
  /** @internal */
  get reported(): readonly string[] {
    return this.#reported
  }

  /**
   * Start a host named `name` running `start(host)` as its first task; `crash`/`restart`
   * cancel its tasks and run `start` again.
   * @throws InvalidArgument when the name is taken or `start` is not a function.
   */
  host(name: string, start: (h: SimHost) => Future<unknown, unknown>): SimHost {
    if (typeof name !== "string" || name === "" || this.#hosts.has(name)) {
      throw new InvalidArgument(
        `sim.host(${describeArgument(name)})`,
        this.#hosts.has(name) ? `a host named "${name}" exists already` : "expected a non-empty name",
        "give every host its own name",
      )
    }
    if (typeof start !== "function") {
      throw new InvalidArgument(
        `sim.host(${name}, start)`,
        `expected a function (host) => future, got ${describeArgument(start)}`,
        "pass (h) => gen(function* () { … })",
      )
    }
    const h = new SimHost(this, name, start)
    this.#hosts.set(name, h)
    this.#boot(h)
    return h
  }

  #boot(h: SimHost): void {
    h.incarnation++
    this.record(`boot ${h.name} (${h.incarnation})`)
    const start = h.start!
    this.spawnGate(h, `${h.name}/start@${h.incarnation}`, () => start(h), undefined)
  }

  #hostNamed(where: string, name: string): SimHost {
    const h = this.#hosts.get(name)
    if (h === undefined)
      throw new InvalidArgument(
        where,
        `no host is named ${describeArgument(name)}`,
        `use one of: ${[...this.#hosts.keys()].join(", ")}`,
      )
    return h
  }

  /**
   * Run `action` now, or right after the poll in progress (so it never cancels the task
   * being polled under its feet).
   */
  #act(action: () => void): void {
    if (this.#polling) this.#deferred.push(action)
    else action()
  }

  /**
   * Crash `host`: cancel all its tasks (they release their timers and sockets), reset its
   * connections, close its listeners.
   */
  crash(host: string): void {
    const h = this.#hostNamed(`sim.crash(${host})`, host)
    this.#act(() => {
      if (!h.up) return
      h.up = false
      this.record(`crash ${host}`)
      for (const g of [...h.tasks]) g.handle?.cancel()
      this.net.hostDown(host)
    })
  }

  /** Restart a crashed `host`: its start function runs again (its disk kept). Does nothing when it is up. */
  restart(host: string): void {
    const h = this.#hostNamed(`sim.restart(${host})`, host)
    this.#act(() => {
      if (h.up || h.start === undefined) return
      h.up = true
      this.#boot(h)
    })
  }

  /** Cut `a` off from `b` (both directions) until {@link heal}. */
  partition(a: string, b: string): void {
    this.#hostNamed(`sim.partition(${a}, ${b})`, a)
    this.#hostNamed(`sim.partition(${a}, ${b})`, b)
    this.#act(() => this.net.partition(a, b))
  }

  /** End the partition between `a` and `b`, or all partitions. */
  heal(a?: string, b?: string): void {
    this.#act(() => this.net.heal(a, b))
  }

  /**
   * Reset every connection between hosts `a` and `b`, or one connection: a simulated fd's
   * is `fd.source.conn` (`sim.reset(fd.source.conn)`).
   */
  reset(a: string | SimConnection, b?: string): void {
    this.#act(() => this.net.reset(a, b))
  }

  /** Set latency, jitter and bandwidth of the links between `a` and `b`. */
  link(a: string, b: string, options: LinkOptions): void {
    this.net.setLink(a, b, options)
  }

  /** Apply one scripted fault. @internal */
  apply(f: FaultEvent): void {
    this.record(`fault-script ${describeFault(f)}`)
    if (!("host" in f)) {
      if (!this.#hosts.has(f.a) || !this.#hosts.has(f.b)) return
      if (f.kind === "partition") this.partition(f.a, f.b)
      else if (f.kind === "heal") this.heal(f.a, f.b)
      else this.reset(f.a, f.b)
    } else if (this.#hosts.has(f.host)) {
      if (f.kind === "crash") this.crash(f.host)
      else this.restart(f.host)
    }
  }

  /** @internal */
  spawnGate<T, E>(
    host: SimHost,
    name: string,
    make: () => Future<T, E>,
    onEnd: ((o: Outcome<T, E>) => void) | undefined,
  ): JoinHandle<T, E> {
    const g = new Gate<T, E>(this, host, name, make, onEnd)
    host.tasks.add(g)
    this.record(`spawn ${name}`)
    this.markReady(g)
    g.handle = this.driver!.executor.spawn(g)
    return g.handle
  }

  /** @internal */
  markReady(g: Gate<any, any>): void {
    if (g.queued || g.done || this.#closed) return
    g.queued = true
    this.#ready.push(g)
  }

  /** Take a ready task chosen by the seed; `undefined` when none is ready. @internal */
  takeReady(): Gate<any, any> | undefined {
    const q = this.#ready
    while (q.length > 0) {
      const i = Math.floor(this.#pick() * q.length)
      const g = q[i]!
      q[i] = q[q.length - 1]!
      q.pop()
      g.queued = false
      if (!g.done) return g
    }
    return undefined
  }

  /** @internal */
  grant(g: Gate<any, any>): void {
    if (this.#tracePolls) this.record(`poll ${g.name}`)
    g.granted = true
    this.#polling = true
    g.outer?.wake()
  }

  /** @internal */
  afterGrant(): void {
    this.#polling = false
    while (this.#deferred.length > 0) this.#deferred.shift()!()
  }

  /** @internal */
  get hasReady(): boolean {
    return this.#ready.length > 0
  }

  /** Cancel everything left and stop recording. @internal */
  close(reason: string): void {
    this.record(`stop ${reason}`)
    const prev = enterFaultScope(this.reporter)
    try {
      for (const h of this.#hosts.values()) {
        for (const g of [...h.tasks]) g.handle?.cancel()
        this.net.hostDown(h.name)
      }
    } finally {
      leaveFaultScope(prev)
    }
    this.#closed = true
  }
}

/**
 * Run `body` as a deterministic simulation: every task runs on virtual time, which task
 * runs next is drawn from `seed`, the network (hosts' `connect`/`listen`) delivers bytes
 * after seeded latency and jitter, and faults — partitions, resets, crashes — come from a
 * script or from the seed. It runs until the body's future settles, nothing can move
 * (`Deadlock`), or the virtual deadline (`Deadline`); then every task left is cancelled.
 *
 * @remarks
 * Determinism: the same seed, options and body give the same trace, line for line. Only
 * the simulation decides what runs: each task is wrapped so the executor's poll reaches
 * the task's future only when the simulation granted it, one task at a time; the task's
 * `Context` carries the simulation's waker, clock ({@link VirtualClock}) and spawner.
 *
 * Across executors: `"reference"` is driven synchronously through its drain hook;
 * `"native"`, `"rxjs"` and `"effect"` are the adapters' own executors on their own host
 * queues (microtasks, RxJS's scheduler, Effect's scheduler), and the simulation waits
 * for each granted poll to happen before it grants the next. So the trace — task starts
 * and ends, sends, deliveries, faults, virtual times, and with `tracePolls` every poll —
 * is identical on every executor for a seed. What differs: the real time a run takes,
 * and anything the body does outside the simulation's context (a `setTimeout`, a Promise
 * it awaits, `Math.random()`), which the simulation cannot order or replay.
 *
 * @throws InvalidArgument for a bad option (at the call, as a rejected promise).
 * @throws SimulationStuck when the executor never polls a task it was woken for.
 * @example
 * ```ts
 * const r = await simulate({ seed: 42, executor: "native" }, (sim) => {
 *   sim.host("server", (h) => h.listen(7, (fd) => copy(fd, fd)))
 *   return gen(function* () {
 *     const fd = yield* sim.main.connect("server", 7)
 *     yield* fd.write(new TextEncoder().encode("hi\n"))
 *     return yield* lines(fd).next()
 *   })
 * })
 * r.outcome   // { _tag: "Success", value: "hi" }
 * ```
 */
export async function simulate<T, E>(
  options: SimulateOptions,
  body: (sim: Simulation) => Future<T, E>,
): Promise<SimResult<T, E>> {
  checkOptions("simulate(options, body)", options)
  const seed = options.seed
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new InvalidArgument(
      "simulate({ seed })",
      `expected a whole number, got ${describeArgument(seed)}`,
      "pass e.g. { seed: 1 }",
    )
  }
  if (typeof body !== "function") {
    throw new InvalidArgument(
      "simulate(options, body)",
      `expected a function (sim) => future, got ${describeArgument(body)}`,
      "pass (sim) => gen(function* () { … })",
    )
  }
  const until = options.until ?? 60_000
  if (typeof until !== "number" || !(until >= 0)) {
    throw new InvalidArgument(
      "simulate({ until })",
      `expected virtual milliseconds >= 0, got ${describeArgument(until)}`,
      "pass e.g. 10_000",
    )
  }
  const maxSteps = options.maxSteps ?? 10_000_000
  const run = new Simulation(seed, options.net, options.tracePolls === true)
  const driver = await makeDriver(options.executor, run.clock)
  run.driver = driver
  const f = options.faults
  const script: readonly FaultEvent[] =
    f === undefined ? [] : Array.isArray(f) ? f : randomFaults(seed, f as RandomFaultOptions)
  for (const ev of script) run.clock.schedule(ev.at, { wake: () => run.apply(ev) })

  let outcome: SimOutcome<T, E> | undefined
  run.record(`seed ${seed}`)
  const prev = enterFaultScope(run.reporter)
  try {
    run.spawnGate(
      run.main,
      "main/body",
      () => body(run),
      (o) => {
        outcome = o
      },
    )
  } finally {
    leaveFaultScope(prev)
  }
  let steps = 0
  while (outcome === undefined) {
    const g = run.takeReady()
    if (g !== undefined) {
      if (steps++ >= maxSteps) {
        outcome = { _tag: "StepLimit" }
        break
      }
      run.grant(g)
      if (driver.sync) driver.turn()
      else {
        for (let i = 0; g.granted && !g.done; i++) {
          if (i < 64) await Promise.resolve()
          else if (i < 10_064) await hostImmediate()
          else throw new SimulationStuck(driver.name, g.name)
        }
      }
      run.afterGrant()
      continue
    }
    const next = run.clock.nextDeadline
    if (next === Infinity) {
      outcome = { _tag: "Deadlock" }
      break
    }
    if (next > until) {
      run.clock.advanceTo(until)
      outcome = { _tag: "Deadline" }
      break
    }
    const p = enterFaultScope(run.reporter)
    try {
      run.clock.advanceTo(next)
    } finally {
      leaveFaultScope(p)
    }
  }
  run.close(outcome._tag)
  if (!driver.sync) await Promise.resolve()
  const trace = makeTrace(run.lines)
  if (options.trace !== undefined) await writeTrace(options.trace, trace)
  return {
    seed,
    executor: driver.name,
    outcome,
    trace,
    virtualMs: run.clock.now(),
    steps,
    faults: script,
    reported: [...run.reported],
    leakedTimers: run.clock.pendingTimers,
  }
}

/** Write a trace to a file (Node's `fs`, also offered by Bun and Deno). @internal */
async function writeTrace(path: string, trace: Trace): Promise<void> {
  if (typeof path !== "string" || path === "") {
    throw new InvalidArgument(
      "simulate({ trace })",
      `expected a file path, got ${describeArgument(path)}`,
      'pass e.g. "sim-trace.txt"',
    )
  }
  const fs = (await importer("node:fs/promises")) as unknown as { writeFile(p: string, d: string): Promise<void> }
  await fs.writeFile(path, `${trace.text}\n`)
}
