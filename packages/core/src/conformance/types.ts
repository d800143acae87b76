import type { Executor } from "../contracts/executor.js"

/**
 * One fresh executor for one conformance case, as returned by
 * {@link ConformanceOptions.make}.
 *
 * - `executor` — the executor under test. Its `timer` is either real (host time) or the
 *   `clock` below.
 * - `clock` — when the executor's timer is a `VirtualClock` (or another {@link ConformanceClock}), pass it here: the
 *   suite then advances virtual time itself (`clock.advanceAsync`) and additionally checks exact virtual deadlines.
 *   Without it, timing cases run on real time with small delays and assert only the order of events, never durations.
 * - `flush` — resolves once the executor has run what it had queued. Default: wait one
 *   macrotask (`setTimeout(0)`) and then one `setImmediate` where the host has it, which is
 *   enough for executors that drain in microtasks or `setImmediate` (one `setTimeout(0)`
 *   alone is not: called from a `setImmediate` callback, it can fire first). An executor
 *   that drains on some other host queue passes its own.
 * - `pendingTimers` — how many timer registrations are live, for the "cancel leaves no
 *   timer" checks. Default: `clock.pendingTimers`, else `executor.timer.size` when the
 *   timer is a `TimerQueue`; when neither is known those checks are skipped with a reason.
 * - `dispose` — called after the case (also when it failed): stop schedulers, close pools.
 */
export interface ExecutorInstance {
  readonly executor: Executor
  readonly clock?: ConformanceClock | undefined
  readonly flush?: (() => Promise<void>) | undefined
  readonly pendingTimers?: (() => number) | undefined
  readonly dispose?: (() => void | Promise<void>) | undefined
}

/**
 * The virtual clock the suite steps: core's `VirtualClock` fits as it is; any other test
 * clock (RxJS `TestScheduler` frames, Effect `TestClock`) fits through a small object whose
 * `advanceAsync` moves that clock.
 */
export interface ConformanceClock {
  now(): number
  /** Timer registrations still live. */
  readonly pendingTimers: number
  /** The earliest registered deadline, or `Infinity`. */
  readonly nextDeadline: number
  /** Move time forward by `ms`, awaiting `flush` so the executor runs what the move woke. */
  advanceAsync(ms: number, flush: () => Promise<void>): Promise<void>
}

/**
 * What the executor under test can do. A case that needs a missing capability is
 * skipped, and the suite prints why.
 */
export interface ExecutorCapabilities {
  /**
   * The executor supplies a timer (`sleep`, `timeout`). Default `true`. `false`, or a
   * string saying why not, skips the timer cases (the string is printed as the reason).
   */
  readonly timer?: boolean | string
  /**
   * After a full batch the executor yields to the host's macrotask queue (rule 5), so a
   * task that keeps waking itself cannot starve `setTimeout` callbacks, IO or other
   * runtimes. Default `true`. An executor with a custom `schedule` hook and no `yieldToHost` drains only in
   * microtasks; a virtual-time scheduler may have no host queue at all. `false`, or a
   * string saying why not, skips that case (the string is printed as the reason).
   */
  readonly hostYield?: boolean | string
  /**
   * `make()` returns a `clock` (a VirtualClock is the executor's timer): also run the
   * cases that check exact virtual deadlines. Default `false`.
   */
  readonly virtualTime?: boolean
  /** Tasks in the fan-out case. Default 10,000. */
  readonly fanOut?: number
  /** Steps in the deep `andThen` case. Default 100,000. */
  readonly chainDepth?: number
}

/** The minimal assertion surface the suite uses; vitest's and jest's `expect` fit it. */
export type ConformanceExpect = (actual: unknown) => {
  toBe(expected: unknown): void
  toEqual(expected: unknown): void
  toBeInstanceOf(expected: any): void
}

/** A test function as vitest, jest and mocha-style runners declare them. */
export type ConformanceIt = ((name: string, fn: () => Promise<void> | void, timeout?: number) => void) & {
  readonly skip?: ((name: string, fn: () => Promise<void> | void) => void) | undefined
}

/**
 * The test runner's functions, injected by the caller so core depends on no test
 * framework: `{ describe, it, expect }` from vitest (or jest) fit as they are.
 * `log` prints skip reasons; default `console.warn`.
 */
export interface ConformanceHarness {
  readonly describe: (name: string, fn: () => void) => void
  readonly it: ConformanceIt
  readonly expect: ConformanceExpect
  readonly log?: ((message: string) => void) | undefined
}

/** Options of {@link testExecutor}. */
export interface ConformanceOptions {
  /** Shown in the suite's `describe`, e.g. `"native"` or `"rxjs (asapScheduler)"`. */
  readonly name: string
  /** Builds a fresh executor for each case. */
  readonly make: () => ExecutorInstance | Promise<ExecutorInstance>
  readonly capabilities?: ExecutorCapabilities | undefined
  readonly harness: ConformanceHarness
  /** Per-case timeout passed to `it`, in ms. Default 10,000. */
  readonly timeoutMs?: number | undefined
}
