// Shared shape of benchmark cases. Each file in bench/cases/ exports `groups: BenchGroup[]`;
// bench/run.ts runs every group side by side (mitata) and prints ns/op and ratios to the baseline.

/** One implementation of a benchmarked job. `fn` does the whole job once (e.g. 1e5 steps). */
export interface BenchCase {
  /** Implementation name, e.g. "await loop", "pollable andThen". */
  readonly impl: string
  /** Exactly one case per group is the baseline (ratio 1.00). */
  readonly baseline?: boolean
  readonly fn: () => unknown | Promise<unknown>
}

/** A goal: `impl` must be at most `maxRatio` × the baseline (reported, never asserted in tests). */
export interface BenchGoal {
  readonly impl: string
  readonly maxRatio: number
}

export interface BenchGroup {
  /** e.g. "A. sequential ready steps (N = 1e5)" */
  readonly name: string
  readonly cases: readonly BenchCase[]
  readonly goals?: readonly BenchGoal[]
  /** For memory groups: measured bytes instead of time. */
  readonly kind?: "time" | "memory"
  /** For memory groups: returns bytes per item measured by the case itself. */
  readonly measure?: (impl: BenchCase) => Promise<number> | number
}
