import { InvalidArgument, PollableError } from "../../errors.js"
import { checkOptions, describeArgument } from "../../internal/check.js"
import type { Future } from "../../contracts/future.js"
import { describeFault, randomFaults, type FaultEvent, type RandomFaultOptions } from "./faults.js"
import { simulate, type SimResult, type SimulateOptions, type Simulation } from "./simulate.js"
import type { Trace } from "./trace.js"

/** Options of {@link simProperty}. */
export interface SimPropertyOptions<T, E> extends Omit<SimulateOptions, "seed" | "faults"> {
  /** The seeds to run: a count (from `firstSeed` on) or a list. */
  readonly seeds: number | readonly number[]
  /** The first seed when `seeds` is a count. Default 1. */
  readonly firstSeed?: number | undefined
  /** Draw each seed's fault script with these options ({@link randomFaults}). Default: no faults. */
  readonly faults?: RandomFaultOptions | undefined
  /**
   * The property, checked on every run: return `false` or throw to fail it. Default: the
   * body's outcome is a success.
   */
  readonly check?: ((result: SimResult<T, E>) => boolean | undefined) | undefined
  /** Most extra runs spent shrinking a failure's fault script. Default 300. */
  readonly shrinkRuns?: number | undefined
  /** Where the failure report goes before the error is thrown. Default: `console.error`. */
  readonly print?: ((report: string) => void) | undefined
}

/** What {@link simProperty} returns when every seed passed. */
export interface SimPropertyReport {
  /** Seeds run. */
  readonly runs: number
  /** Virtual milliseconds simulated, over all runs. */
  readonly virtualMs: number
  /** Polls granted, over all runs. */
  readonly steps: number
}

/**
 * A simulation property failed. Carries the seed, the smallest fault script found that
 * still fails, the trace of that failing run, and a `replay` line to paste into a test.
 */
export class SimPropertyFailed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "SimPropertyFailed", …)`, Effect's `catchTag`. */
  readonly _tag = "SimPropertyFailed" as const
  constructor(
    readonly seed: number,
    /** The shrunk fault script: replaying `simulate({ seed, faults })` fails the same way. */
    readonly faults: readonly FaultEvent[],
    /** Why it failed: the outcome or the check's error. */
    readonly reason: string,
    /** The trace of the shrunk failing run. */
    readonly trace: Trace,
    /** How many faults the seed drew before shrinking. */
    readonly drawn: number,
  ) {
    super(
      `the property failed for seed ${seed} (${reason}); replay it with ${replayLine(seed, faults)} — ` +
        `the fault script was shrunk from ${drawn} to ${faults.length} faults`,
    )
  }
  /** The call that replays the failure. */
  get replay(): string {
    return replayLine(this.seed, this.faults)
  }
}

const replayLine = (seed: number, faults: readonly FaultEvent[]): string =>
  `simulate({ seed: ${seed}, faults: ${JSON.stringify(faults)} }, body)`

/** Run one seed; `undefined` when the property holds, else why not. */
async function failure<T, E>(
  options: SimPropertyOptions<T, E>,
  seed: number,
  faults: readonly FaultEvent[],
  body: (sim: Simulation) => Future<T, E>,
): Promise<{ reason: string | undefined; result: SimResult<T, E> }> {
  const { seeds: _s, firstSeed: _f, faults: _r, check, shrinkRuns: _k, print: _p, ...rest } = options
  const result = await simulate({ ...rest, seed, faults }, body)
  try {
    if (check !== undefined) {
      return { reason: check(result) === false ? "the check returned false" : undefined, result }
    }
    const o = result.outcome
    if (o._tag === "Success") return { reason: undefined, result }
    return {
      reason:
        o._tag === "Failure"
          ? `the body failed: ${o.error instanceof Error ? `${o.error.name}: ${o.error.message}` : String(o.error)}`
          : `the body ended with ${o._tag}`,
      result,
    }
  } catch (e) {
    return { reason: `the check threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, result }
  }
}

/**
 * Check a property of a simulated system over many seeds. Each seed runs `body` under
 * {@link simulate} with the fault script the seed draws (`faults`); the property is
 * `check(result)` (default: the body succeeded). On the first failing seed, the fault
 * script is shrunk — faults are dropped, in halves and then one by one, as long as the
 * same seed still fails — and a {@link SimPropertyFailed} is thrown whose message holds
 * the seed and a `simulate({ seed, faults })` call that replays the failure exactly.
 *
 * @throws SimPropertyFailed on the first failing seed (after printing the report).
 * @throws InvalidArgument for bad options.
 * @example
 * ```ts
 * await simProperty(
 *   { seeds: 500, faults: { hosts: ["n1", "n2", "n3"] }, check: (r) => invariantHolds(r) },
 *   (sim) => kvCluster(sim),
 * )
 * ```
 */
export async function simProperty<T, E>(
  options: SimPropertyOptions<T, E>,
  body: (sim: Simulation) => Future<T, E>,
): Promise<SimPropertyReport> {
  checkOptions("simProperty(options, body)", options)
  const { seeds, firstSeed = 1 } = options
  let list: readonly number[]
  if (typeof seeds === "number" && Number.isSafeInteger(seeds) && seeds >= 0) {
    list = Array.from({ length: seeds }, (_, i) => firstSeed + i)
  } else if (Array.isArray(seeds) && seeds.every((s) => Number.isSafeInteger(s))) {
    list = seeds
  } else {
    throw new InvalidArgument(
      "simProperty({ seeds })",
      `expected a count or a list of whole-number seeds, got ${describeArgument(seeds)}`,
      "pass e.g. { seeds: 200 } or { seeds: [7, 42] }",
    )
  }
  let virtualMs = 0
  let steps = 0
  for (const seed of list) {
    const drawn = options.faults === undefined ? [] : randomFaults(seed, options.faults)
    const run = await failure(options, seed, drawn, body)
    virtualMs += run.result.virtualMs
    steps += run.result.steps
    if (run.reason === undefined) continue
    const shrunk = await shrink(options, seed, drawn, { reason: run.reason, result: run.result }, body)
    const err = new SimPropertyFailed(seed, shrunk.faults, shrunk.reason, shrunk.result.trace, drawn.length)
    const print =
      options.print ?? ((s: string) => (globalThis as { console?: { error(s: string): void } }).console?.error(s))
    print(report(err, shrunk.result.trace))
    throw err
  }
  return { runs: list.length, virtualMs, steps }
}

/** Drop faults while the seed still fails: halves first, then single faults. */
async function shrink<T, E>(
  options: SimPropertyOptions<T, E>,
  seed: number,
  drawn: readonly FaultEvent[],
  first: { reason: string; result: SimResult<T, E> },
  body: (sim: Simulation) => Future<T, E>,
): Promise<{ faults: readonly FaultEvent[]; reason: string; result: SimResult<T, E> }> {
  let best = { faults: drawn, ...first }
  let budget = options.shrinkRuns ?? 300
  for (let size = Math.max(1, Math.floor(best.faults.length / 2)); size >= 1 && budget > 0; ) {
    let removed = false
    for (let i = 0; i < best.faults.length && budget > 0; ) {
      const candidate = [...best.faults.slice(0, i), ...best.faults.slice(i + size)]
      budget--
      const run = await failure(options, seed, candidate, body)
      if (run.reason !== undefined) {
        best = { faults: candidate, reason: run.reason, result: run.result }
        removed = true
      } else i += size
    }
    if (!removed || size > best.faults.length) size = Math.floor(size / 2)
  }
  return best
}

function report(err: SimPropertyFailed, trace: Trace): string {
  const tail = trace.lines.slice(-15)
  return [
    `simulation property failed for seed ${err.seed}: ${err.reason}`,
    `fault script shrunk from ${err.drawn} to ${err.faults.length} faults:`,
    ...err.faults.map((f) => `  ${describeFault(f)}`),
    `replay: ${err.replay}`,
    `last ${tail.length} of ${trace.lines.length} trace lines:`,
    ...tail.map((l) => `  ${l}`),
  ].join("\n")
}
