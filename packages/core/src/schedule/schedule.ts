import { InvalidArgument } from "../errors.js"
import { checkDuration, checkFunction } from "../internal/check.js"

/**
 * What a {@link Schedule} is asked after each attempt of `retry` / `repeat`.
 * @typeParam I the input: the error of the failed attempt (`retry`) or the value of the
 * finished run (`repeat`).
 */
export interface ScheduleStep<I> {
  /** How many attempts have finished so far (1 after the first). */
  readonly attempt: number
  /** Milliseconds on the executor's clock since the first attempt started. */
  readonly elapsed: number
  /** The failed attempt's error (`retry`) or the finished run's value (`repeat`). */
  readonly input: I
}

/** The decision function behind a schedule: a delay in ms, or `undefined` to stop. */
type Decide<I> = (step: ScheduleStep<I>) => number | undefined

const checkFactor = (where: string, n: number, min: number): number => {
  if (typeof n !== "number" || !Number.isFinite(n) || n < min) {
    throw new InvalidArgument(
      where,
      `expected a finite number >= ${min}, got ${String(n)}`,
      `pass a number of at least ${min}`,
    )
  }
  return n
}

const checkAttempts = (where: string, n: number): number => {
  if (typeof n !== "number" || !(Number.isInteger(n) || n === Infinity) || n < 0) {
    throw new InvalidArgument(
      where,
      `expected a whole number >= 0 (or Infinity), got ${String(n)}`,
      "pass how many times to go on",
    )
  }
  return n
}

/**
 * When to try again: a pure description of the delays between the attempts of
 * {@link retry} and the runs of {@link repeat}, and of when to stop.
 *
 * A schedule is immutable; every method returns a new one, so one schedule can be shared by
 * many retry loops. After attempt `n` (1-based) the schedule gives the delay before attempt
 * `n + 1`, or stops. The delays run on the executor's clock (`cx.timer`): real time on
 * NativeExecutor, virtual time under VirtualClock, RxJS's TestScheduler or Effect's TestClock.
 *
 * Start from a base — {@link Schedule.fixed}, {@link Schedule.exponential},
 * {@link Schedule.recurs}, {@link Schedule.forever} — then narrow it: `maxAttempts`,
 * `maxElapsed`, `maxDelay` (a cap), `jittered`, `whileInput` (a predicate on the typed error
 * or value), or combine two with `both` (go on while both do, the longer delay) and `either`
 * (go on while either does, the shorter delay). The methods apply in the order they are
 * chained: `exponential(100).jittered().maxDelay(5_000)` caps the jittered delay.
 *
 * @typeParam I what the schedule looks at: the error (for `retry`) or value (for `repeat`).
 * `Schedule<unknown>` works with any future.
 * @example
 * ```ts
 * const policy = Schedule.exponential(100)               // 100, 200, 400, … ms
 *   .jittered()                                           // each × a random factor in [0.8, 1.2)
 *   .maxDelay(2_000)                                      // never wait more than 2 s
 *   .maxAttempts(5)                                       // run at most 5 times in all
 *   .whileInput((e: FetchError) => e.status === 429)      // only retry rate limits
 * const page = retry(() => fetchPage(1), policy)          // Future<string, FetchError>
 * ```
 */
export class Schedule<in I = unknown> {
  readonly #decide: Decide<I>
  readonly #label: string

  private constructor(decide: Decide<I>, label: string) {
    this.#decide = decide
    this.#label = label
  }

  /** @internal */
  static make<I>(decide: Decide<I>, label: string): Schedule<I> {
    return new Schedule(decide, label)
  }

  /** Wait `ms` between attempts (from the end of one to the start of the next), forever. */
  static fixed(ms: number): Schedule<unknown> {
    checkDuration("Schedule.fixed(ms)", ms)
    return Schedule.make(() => ms, `fixed(${ms})`)
  }

  /**
   * Wait `base`, then `base·factor`, `base·factor²`, … between attempts, forever (cap it with
   * `maxDelay`, bound it with `maxAttempts` or `maxElapsed`).
   * @throws InvalidArgument for a `base` that is not a finite duration >= 0 or a `factor` < 1.
   */
  static exponential(base: number, factor = 2): Schedule<unknown> {
    checkDuration("Schedule.exponential(base)", base)
    checkFactor("Schedule.exponential(base, factor)", factor, 1)
    return Schedule.make((s) => base * factor ** (s.attempt - 1), `exponential(${base}, ${factor})`)
  }

  /** Go on `n` more times after the first attempt, without delay (`recurs(3)`: 4 attempts in all). */
  static recurs(n: number): Schedule<unknown> {
    checkAttempts("Schedule.recurs(n)", n)
    return Schedule.make((s) => (s.attempt <= n ? 0 : undefined), `recurs(${n})`)
  }

  /** Go on forever without delay (each new attempt still lets other tasks run first). */
  static readonly forever: Schedule<unknown> = Schedule.make(() => 0, "forever")

  /** Run at most `n` attempts in all, the first included (`n >= 1`). */
  maxAttempts(n: number): Schedule<I> {
    checkAttempts("schedule.maxAttempts(n)", n)
    if (n < 1)
      throw new InvalidArgument("schedule.maxAttempts(n)", "n is 0", "pass 1 or more: the first attempt always runs")
    const d = this.#decide
    return Schedule.make((s) => (s.attempt >= n ? undefined : d(s)), `${this.#label}.maxAttempts(${n})`)
  }

  /**
   * Stop once the next attempt would start more than `ms` after the first one started
   * (measured on the executor's clock).
   */
  maxElapsed(ms: number): Schedule<I> {
    checkDuration("schedule.maxElapsed(ms)", ms)
    const d = this.#decide
    return Schedule.make((s) => {
      const delay = d(s)
      return delay === undefined || s.elapsed + delay > ms ? undefined : delay
    }, `${this.#label}.maxElapsed(${ms})`)
  }

  /** Cap every delay at `ms` (the attempts go on; only the wait is shortened). */
  maxDelay(ms: number): Schedule<I> {
    checkDuration("schedule.maxDelay(ms)", ms)
    const d = this.#decide
    return Schedule.make((s) => {
      const delay = d(s)
      return delay === undefined ? undefined : Math.min(delay, ms)
    }, `${this.#label}.maxDelay(${ms})`)
  }

  /**
   * Multiply every delay by a random factor in `[min, max)` (default `[0.8, 1.2)`), so many
   * clients retrying at once spread out. `random` (default `Math.random`, read when a delay
   * is computed) returns a number in `[0, 1)`; pass a seeded one (`seededRandom(seed)` from
   * `@pollable/core/testing`) for reproducible tests.
   * @throws InvalidArgument when `min` < 0, `max` < `min`, or `random` is not a function.
   */
  jittered(
    options: { readonly min?: number; readonly max?: number; readonly random?: () => number } = {},
  ): Schedule<I> {
    const min = checkFactor("schedule.jittered({ min })", options.min ?? 0.8, 0)
    const max = checkFactor("schedule.jittered({ max })", options.max ?? 1.2, min)
    if (options.random !== undefined) checkFunction("schedule.jittered({ random })", options.random)
    const random = options.random
    const d = this.#decide
    return Schedule.make((s) => {
      const delay = d(s)
      if (delay === undefined) return undefined
      const r = (random ?? Math.random)()
      return delay * (min + (max - min) * r)
    }, `${this.#label}.jittered(${min}, ${max})`)
  }

  /**
   * Go on only while `predicate(input)` holds: for `retry` the input is the attempt's typed
   * error (stop on errors that retrying cannot fix), for `repeat` the run's value.
   */
  whileInput<I2 extends I>(predicate: (input: I2) => boolean): Schedule<I2> {
    checkFunction("schedule.whileInput(predicate)", predicate)
    const d: Decide<I2> = this.#decide
    return Schedule.make<I2>((s) => (predicate(s.input) ? d(s) : undefined), `${this.#label}.whileInput()`)
  }

  /** Go on while both schedules go on, waiting the longer of their two delays (Effect's `both`). */
  both<I2>(other: Schedule<I2>): Schedule<I & I2> {
    const a: Decide<I & I2> = this.#decide
    const b: Decide<I & I2> = other.#decide
    return Schedule.make<I & I2>((s) => {
      const x = a(s)
      const y = b(s)
      return x === undefined || y === undefined ? undefined : Math.max(x, y)
    }, `${this.#label}.both(${other.#label})`)
  }

  /** Go on while either schedule goes on, waiting the shorter delay of those that go on. */
  either<I2>(other: Schedule<I2>): Schedule<I & I2> {
    const a: Decide<I & I2> = this.#decide
    const b: Decide<I & I2> = other.#decide
    return Schedule.make<I & I2>((s) => {
      const x = a(s)
      const y = b(s)
      return x === undefined ? y : y === undefined ? x : Math.min(x, y)
    }, `${this.#label}.either(${other.#label})`)
  }

  /**
   * The delay before the next attempt, or `undefined` to stop. `retry` and `repeat` call it;
   * call it yourself to print or test a policy.
   * @throws InvalidArgument when a step decides a delay that is negative or not a number.
   */
  next(step: ScheduleStep<I>): number | undefined {
    const delay = this.#decide(step)
    if (delay !== undefined && !(delay >= 0 && delay !== Infinity)) {
      throw new InvalidArgument(
        `${this.#label}`,
        `computed the delay ${String(delay)}`,
        "build delays from finite, non-negative numbers",
      )
    }
    return delay
  }

  /**
   * The delays this schedule gives for attempts 1..`attempts` when every attempt takes no
   * time and the input is `input` — for printing and testing a policy.
   */
  delays(attempts: number, input: I): number[] {
    checkAttempts("schedule.delays(attempts)", attempts)
    const out: number[] = []
    let elapsed = 0
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const d = this.next({ attempt, elapsed, input })
      if (d === undefined) break
      out.push(d)
      elapsed += d
    }
    return out
  }

  toString(): string {
    return `Schedule.${this.#label}`
  }
}

/** @internal Checks that `s` is a {@link Schedule}. */
export function checkSchedule(where: string, s: unknown): void {
  if (!(s instanceof Schedule)) {
    throw new InvalidArgument(
      where,
      `expected a Schedule, got ${s === null ? "null" : typeof s}`,
      "build one with Schedule.fixed(ms), Schedule.exponential(ms), Schedule.recurs(n), …",
    )
  }
}
