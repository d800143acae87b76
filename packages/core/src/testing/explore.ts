import { mulberry32 } from "../internal/mulberry32.js"
import type { Executor, JoinHandle } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import type { Spawner, Timer } from "../contracts/waker.js"
import { MissingCapability, PollableError, InvalidArgument } from "../errors.js"
import { checkCount, checkMethods, describeArgument } from "../internal/check.js"
import { Task } from "../executor/task.js"
import { enterFaultScope, leaveFaultScope, type FaultReporter } from "../fault/report.js"
import { VirtualClock } from "./virtual-clock.js"

/** Chooses an index in `[0, n)`. Feed it from fast-check (`fc.infiniteStream(fc.nat())`) or a seeded PRNG. */
export type Choose = (n: number) => number

/** Options of {@link ExploringExecutor}. */
export interface ExploringOptions {
  /** Picks which queued task runs next, and the random decisions below. */
  readonly choose: Choose
  /** A virtual clock; `run()` advances it when nothing is runnable. */
  readonly clock?: VirtualClock | undefined
  /** Per step, 1 in `spuriousEvery` chance of waking a random live task for no reason (rule 2). 0 = never. */
  readonly spuriousEvery?: number | undefined
  /** Where faults raised while it polls or cancels its tasks go (rule 8). Default: the process-wide reporter. */
  readonly onFault?: FaultReporter | undefined
}

/**
 * An executor for schedule exploration: the order in which woken tasks are polled, and
 * extra spurious wakes, are chosen by `choose`. Run the same scenario over many choice
 * sequences (fast-check) to find lost wakes, ordering assumptions and leaks. Its tasks
 * are the reference executor's tasks (the `JoinHandle`s it returns); only the queue order is explored.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(fc.infiniteStream(fc.nat()), (s) => {
 *   const it = s[Symbol.iterator](); const clock = new VirtualClock()
 *   const ex = new ExploringExecutor({ choose: (n) => it.next().value % n, clock, spuriousEvery: 3 })
 *   const h = ex.spawn(join(sleep(2), sleep(1)))
 *   ex.run()
 *   return h.outcome?._tag === "Success" && ex.liveTasks === 0 && clock.pendingTimers === 0
 * }), { numRuns: 1000 })
 * ```
 */
export class ExploringExecutor implements Executor, Spawner {
  readonly #ready: Task<any, any>[] = []
  readonly #live = new Set<Task<any, any>>()
  readonly #choose: Choose
  readonly #clock: VirtualClock | undefined
  readonly #spurious: number
  /** @internal */
  readonly faultReporter: FaultReporter | undefined
  /** Wakes delivered to finished or cancelled tasks. */
  strayWakes = 0
  /** Polls performed. */
  polls = 0

  /** @throws InvalidArgument when `options.choose` is not a function or `clock` not a VirtualClock. */
  constructor(options: ExploringOptions) {
    checkMethods(
      "new ExploringExecutor(options)",
      options,
      "options",
      ["choose"],
      "pass { choose: seededChoose(seed) } (or a fast-check scheduler's choice function)",
    )
    if (options.clock !== undefined && !(options.clock instanceof VirtualClock)) {
      throw new InvalidArgument(
        "new ExploringExecutor({ clock })",
        `expected a VirtualClock, got ${describeArgument(options.clock)}`,
        "pass new VirtualClock(), or leave the option out",
      )
    }
    if (options.spuriousEvery !== undefined)
      checkCount("new ExploringExecutor({ spuriousEvery })", options.spuriousEvery, 0)
    this.#choose = options.choose
    this.#clock = options.clock
    this.#spurious = options.spuriousEvery ?? 0
    this.faultReporter = options.onFault
  }

  get timer(): Timer {
    if (this.#clock === undefined) throw new MissingCapability("timer", "ExploringExecutor")
    return this.#clock
  }

  /** @internal */
  get taskTimer(): Timer | undefined {
    return this.#clock
  }

  describe(): string {
    return "exploring"
  }

  spawn<T, E>(future: Future<T, E>): JoinHandle<T, E> {
    const t = new Task<T, E>(future, this)
    this.#live.add(t)
    t.onSettle(() => this.#live.delete(t))
    t.wake()
    return t
  }

  /** @internal */
  enqueue(task: Task<any, any>): void {
    this.#ready.push(task)
  }

  /** @internal */
  strayWake(): void {
    this.strayWakes++
  }

  /** Tasks spawned and not finished. */
  get liveTasks(): number {
    return this.#live.size
  }

  #pick(n: number): number {
    const i = this.#choose(n)
    return ((i % n) + n) % n
  }

  /** Poll one chosen task; returns false when none is runnable. */
  step(): boolean {
    if (this.#spurious > 0 && this.#live.size > 0 && this.#pick(this.#spurious) === 0) {
      const live = [...this.#live]
      live[this.#pick(live.length)]!.wake()
    }
    const q = this.#ready
    if (q.length === 0) return false
    const i = this.#pick(q.length)
    const t = q[i]!
    q[i] = q[q.length - 1]!
    q.pop()
    this.polls++
    const prev = enterFaultScope(this.faultReporter)
    try {
      t.run()
    } finally {
      leaveFaultScope(prev)
    }
    return true
  }

  /**
   * Run until every task finished or nothing can move: steps, and when stalled advances
   * the clock to its next deadline. Throws after `maxSteps` (livelock).
   */
  run(maxSteps = 1_000_000): void {
    for (let n = 0; n < maxSteps; n++) {
      if (this.step()) continue
      const c = this.#clock
      if (c === undefined || c.pendingTimers === 0) return
      c.advanceTo(c.nextDeadline)
    }
    throw new PollableError(`ExploringExecutor.run: more than ${maxSteps} steps; a task never settles`)
  }
}

/**
 * A small deterministic PRNG (mulberry32): a function returning numbers in `[0, 1)`, the
 * same sequence for the same `seed` — for `Schedule.jittered({ random })` and anything else
 * that takes a `random` in tests.
 * @throws InvalidArgument when `seed` is not a finite number.
 */
export function seededRandom(seed: number): () => number {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new InvalidArgument(
      "seededRandom(seed)",
      `expected a finite number, got ${describeArgument(seed)}`,
      "pass an integer seed, e.g. 42",
    )
  }
  return mulberry32(seed)
}

/**
 * {@link seededRandom} as a {@link Choose}, for seeded runs without fast-check.
 * @throws InvalidArgument when `seed` is not a finite number.
 */
export function seededChoose(seed: number): Choose {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new InvalidArgument(
      "seededChoose(seed)",
      `expected a finite number, got ${describeArgument(seed)}`,
      "pass an integer seed, e.g. 42",
    )
  }
  const random = seededRandom(seed)
  return (n) => Math.floor(random() * n)
}

/** A {@link Choose} that replays `choices` (cycling), e.g. from `fc.array(fc.nat())`. */
export function replayChoose(choices: readonly number[]): Choose {
  if (!Array.isArray(choices) || !choices.every((c) => Number.isSafeInteger(c) && c >= 0)) {
    throw new InvalidArgument(
      "replayChoose(choices)",
      `expected an array of whole numbers >= 0, got ${describeArgument(choices)}`,
      "pass e.g. the array fc.array(fc.nat()) generated",
    )
  }
  let i = 0
  return (n) => (choices.length === 0 ? 0 : choices[i++ % choices.length]! % n)
}
