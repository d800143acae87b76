import type { JoinHandle } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import type { Timer } from "../contracts/waker.js"
import { Interrupted, PollableError } from "../errors.js"
import { checkCount, checkOptions, checkTimer } from "../internal/check.js"
import { LocalExecutor, type SpawnOptions } from "../executor/local-executor.js"
import type { FaultReporter } from "../fault/report.js"
import type { Task } from "../executor/task.js"
import type { TaskInfo } from "../contracts/task-info.js"
import type { ExecutorHooks } from "../introspect/hooks.js"
import type { IntrospectOptions } from "../introspect/tracker.js"
import { VirtualClock } from "./virtual-clock.js"

/**
 * `blockOn` found nothing left to run and no timer to advance to: the future can never finish
 * (a receive nobody sends to, a lost wake — rule 1). The message lists every pending task and
 * what it waits on (`tasks` holds the same list).
 */
export class Stalled extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "Stalled", …)`, Effect's `catchTag`. */
  readonly _tag = "Stalled" as const
  /** The executor's tasks when it stalled: names, states and waits. */
  readonly tasks: readonly TaskInfo[]
  constructor(what: string, tasks: readonly TaskInfo[] = [], dump?: string) {
    super(
      `${what} is pending, no task is runnable and no timer is set; ` +
        `something never wakes it (check rule 1: register cx.waker before returning Pending)` +
        (dump === undefined ? "" : `\n${dump}`),
    )
    this.tasks = tasks
  }
}

/**
 * A reference executor that runs only when the test says so: `step()`, `runUntilStalled()`,
 * `blockOn(f)`. Given a {@link VirtualClock}, it attaches itself, so `clock.advance(ms)`
 * runs the tasks woken by each timer before moving on.
 *
 * It is a {@link LocalExecutor} whose drain hook does nothing, so the same run queue and
 * tasks are under test. It also counts wakes delivered to finished or cancelled tasks
 * (`strayWakes`): a non-zero count means something kept a waker past cancel (rule 4).
 * @example
 * ```ts
 * const ex = new ManualExecutor({ timer: new VirtualClock() })
 * expect(ex.blockOn(join(sleep(5), ready(1)))).toEqual([undefined, 1])   // virtual time jumps to 5
 * ```
 */
export class ManualExecutor extends LocalExecutor {
  readonly clock: VirtualClock | undefined
  /** Wakes delivered to tasks that had already finished or been cancelled. */
  strayWakes = 0

  /**
   * @param options.timer the timer its tasks get (a {@link VirtualClock} attaches the executor to it).
   * @param options.budget polls per batch (1 to 65,536).
   * @param options.hooks instrumentation hooks (see `ExecutorHooks`).
   * @param options.introspect record per-task counters for `tasks()` / `dump()`.
   * @param options.onFault where faults raised while it polls or cancels its tasks go (rule 8);
   *   default: the process-wide reporter.
   * @throws InvalidArgument when `timer` is not a Timer or another option is out of range.
   */
  constructor(
    options: {
      timer?: Timer
      budget?: number
      onFault?: FaultReporter
      hooks?: ExecutorHooks
      introspect?: boolean | IntrospectOptions
    } = {},
  ) {
    checkOptions("new ManualExecutor(options)", options)
    checkTimer("new ManualExecutor({ timer })", options.timer)
    super({
      timer: options.timer,
      schedule: () => {},
      budget: options.budget,
      name: "manual",
      onFault: options.onFault,
      hooks: options.hooks,
      introspect: options.introspect,
    })
    this.clock = options.timer instanceof VirtualClock ? options.timer : undefined
    this.clock?.attach(() => {
      this.runUntilStalled()
    })
  }

  /** Poll one queued task; returns false when none was queued. */
  step(): boolean {
    return this.runBatch(1) === 1
  }

  /** Poll until no task is queued; returns the number of polls. Throws past `maxPolls` (a livelock). */
  runUntilStalled(maxPolls = 10_000_000): number {
    checkCount("ManualExecutor.runUntilStalled(maxPolls)", maxPolls, 1)
    let total = 0
    for (;;) {
      const n = this.runBatch(1024)
      total += n
      if (n === 0) return total
      if (total > maxPolls) {
        throw new PollableError(
          `runUntilStalled: more than ${maxPolls} polls; a task keeps waking itself forever\n${this.dump()}`,
        )
      }
    }
  }

  /**
   * Run `future` to completion: poll until stalled, then advance the virtual clock to the
   * next timer, and so on. Returns its value or throws its failure.
   * @throws Stalled when it can never finish.
   * @throws Interrupted when the task was cancelled meanwhile.
   */
  blockOn<T, E>(future: Future<T, E>): T {
    const h = this.spawn(future)
    for (;;) {
      this.runUntilStalled()
      const o = h.outcome
      if (o !== undefined) {
        if (o._tag === "Success") return o.value
        if (o._tag === "Failure") throw o.error
        throw new Interrupted(`blockOn(${String(future)})`)
      }
      const c = this.clock
      if (c === undefined || c.pendingTimers === 0) {
        const tasks = this.tasks()
        throw new Stalled(String(future), tasks, this.dump())
      }
      c.advanceTo(c.nextDeadline)
    }
  }

  override spawn<T, E>(future: Future<T, E>, options?: SpawnOptions): JoinHandle<T, E> {
    return super.spawn(future, options)
  }

  /** @internal */
  strayWake(_task: Task<any, any>): void {
    this.strayWakes++
  }
}
