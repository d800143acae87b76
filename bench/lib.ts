// Shared shape of benchmark cases. Each file in bench/cases/ exports `groups: BenchGroup[]`;
// bench/run.ts runs every group side by side (mitata) and prints ns/op and ratios to the baseline.

/** One implementation of a benchmarked job. `fn` does the whole job once (e.g. 1e5 steps). */
export interface BenchCase {
  /**
   * Implementation name, e.g. "await loop", "pollable andThen". A name starting with
   * "floor:" marks a floor: code no user writes (a hand-written state machine, bare
   * generators), there to show the least the engine allows — never the basis of a claim.
   */
  readonly impl: string
  /** Exactly one case per group is the baseline (ratio 1.00). */
  readonly baseline?: boolean
  readonly fn: () => unknown | Promise<unknown>
}

/** A goal: `impl` must be at most `maxRatio` × the baseline (reported, never asserted in tests). */
interface BenchGoal {
  readonly impl: string
  readonly maxRatio: number
  /** The impl the ratio is taken against; default: the group's baseline. */
  readonly versus?: string
}

export interface BenchGroup {
  /** e.g. "A. sequential ready steps (N = 1e5)" */
  readonly name: string
  readonly cases: readonly BenchCase[]
  readonly goals?: readonly BenchGoal[]
  /**
   * `time` (default): mitata times `fn`. `memory`: `measure(c)` returns bytes per item.
   * `custom`: `measure(c)` returns the case's own number in `unit` (e.g. a latency it timed).
   */
  readonly kind?: "time" | "memory" | "custom"
  /** For memory and custom groups: measures one case once (called once per round). */
  readonly measure?: (impl: BenchCase) => Promise<number> | number
  /** For custom groups: the unit `measure` returns. Default "ns". */
  readonly unit?: "ns" | "ms"
  /**
   * Run every round in a fresh process, cases in their listed order (never interleaved
   * across rounds in one process): for groups whose cases change the process's state on
   * purpose (JIT feedback, a full GC) and must each see it fresh.
   */
  readonly processPerRound?: boolean
  /** Operations per `fn` call (e.g. N steps), so the table shows ns per operation. Default 1. */
  readonly ops?: number
  /** When true, every case's `fn` resolves to the same value as the baseline's (checked by the smoke test). */
  readonly sameResult?: boolean
}

/** True under `BENCH_QUICK=1`: the smoke mode with tiny sizes (read at import). */
export const QUICK: boolean =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.BENCH_QUICK === "1"

/** The sum of `xs` (what the fan-out jobs return, so every case's result can be compared). */
export const sum = (xs: readonly number[]): number => {
  let s = 0
  for (const x of xs) s += x
  return s
}

/** `[0, 1, …, n - 1]`: the items a fan-out job maps over. */
export const indices = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

/**
 * A memory group's `measure`: one unmeasured run of each case first, so one-off growth
 * (run-queue or timer-heap capacity, lazy runtime state) is not charged to the items.
 */
export const warmedMeasure = <C extends BenchCase>(
  measureOnce: (c: C) => Promise<number>,
): ((c: BenchCase) => Promise<number>) => {
  const warmed = new Set<BenchCase>()
  return async (c) => {
    if (!warmed.has(c)) {
      warmed.add(c)
      await measureOnce(c as C)
    }
    return measureOnce(c as C)
  }
}

/** A problem size: `full` normally, `quick` (default 100) under `BENCH_QUICK=1`. */
export const size = (full: number, quick = 100): number => (QUICK ? Math.min(full, quick) : full)

const host = globalThis as unknown as {
  gc?: () => void
  setTimeout(fn: () => void, ms: number): unknown
  process?: { memoryUsage(): { heapUsed: number } }
}

/** Let pending microtasks and one macrotask turn run (so started work reaches its pending state). */
const settleHost = (): Promise<void> => new Promise((resolve) => host.setTimeout(resolve, 0))

const fullGc = (): void => {
  host.gc?.()
  host.gc?.()
}

/**
 * Heap bytes retained per item: `create(hold)` fills the preallocated `hold` array with
 * `n` live items (pending promises, tasks…); the heap is measured after a full GC before
 * and after, so only what the items retain counts (not the array). `dispose(hold)` then
 * releases them (cancel, interrupt). Needs `--expose-gc` for exact numbers; without it
 * (e.g. under vitest) the result is only indicative.
 */
export async function heapBytesPerItem(
  n: number,
  create: (hold: unknown[]) => void | Promise<void>,
  dispose?: (hold: unknown[]) => void | Promise<void>,
): Promise<number> {
  const hold: unknown[] = new Array(n).fill(0)
  await settleHost()
  fullGc()
  const before = host.process?.memoryUsage().heapUsed ?? 0
  await create(hold)
  await settleHost()
  fullGc()
  const after = host.process?.memoryUsage().heapUsed ?? 0
  await dispose?.(hold)
  hold.length = 0
  await settleHost()
  return (after - before) / n
}
