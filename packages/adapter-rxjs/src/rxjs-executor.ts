import { asapScheduler, type SchedulerLike } from "rxjs"
import { LocalExecutor, TimerQueue, type FaultReporter, type LocalExecutorOptions, type Timer } from "@pollable/core"
import { checkOptions, checkTimer } from "@pollable/core/adapter"
import { hostYield, scheduleDeferred, schedulerClock, schedulerName } from "./schedule.js"
import { checkScheduler } from "./check.js"

/** Options of {@link RxjsExecutor}. */
/**
 * Its `hooks` (instrumentation, see `ExecutorHooks`) and `introspect` (per-task counters for
 * `tasks()`) options are `LocalExecutor`'s.
 */
export interface RxjsExecutorOptions extends Pick<LocalExecutorOptions, "hooks" | "introspect"> {
  /**
   * The timer handed to futures. Default: core's `TimerQueue` over the scheduler's clock
   * (`scheduler.now()` plus one delayed `scheduler.schedule` for the earliest deadline).
   * Pass core's `VirtualClock` to drive this executor from the same clock as others.
   */
  readonly timer?: Timer | undefined
  /**
   * Where the next drain goes after a full batch (rule 5). Default: `asyncScheduler` for
   * `asapScheduler` and `queueScheduler` (which never yield to the host's macrotask
   * queue), the executor's own scheduler otherwise — and where that is `asyncScheduler` on
   * a real clock, a host macrotask (`setImmediate`) instead, since `asyncScheduler`'s
   * `setInterval` is clamped to 1 ms (inside `TestScheduler.run` it stays virtual).
   */
  readonly yieldScheduler?: SchedulerLike | undefined
  /** Polls per drain before yielding. Default 1024; at most 65,536 (rule 5). */
  readonly budget?: number | undefined
  /**
   * Where faults go that happen while this executor polls or cancels its tasks or fires its
   * timers and have no caller to go to (a teardown that threw during `handle.cancel()` or a
   * combinator's cancel of a loser, a `wake()` that threw). Default: the process-wide
   * reporter (`setFaultReporter`; the console unless replaced), which never crashes the process.
   */
  readonly onFault?: FaultReporter | undefined
}

/**
 * A pollable executor whose task polls and timer run on an RxJS `SchedulerLike`.
 *
 * It is core's `LocalExecutor` with two hooks and a clock:
 * - a wake queues the task (coalesced: one queued entry per task) and, if no drain is
 *   pending, schedules one with `scheduler.schedule(drain)` — one scheduled action drains
 *   every woken task;
 * - the `Timer` is core's `TimerQueue` whose clock is `scheduler.now()` and whose single
 *   alarm is `scheduler.schedule(fire, delay)`.
 *
 * So under `TestScheduler.run(...)` — given the `TestScheduler`, or with the default
 * `asapScheduler`, which `run` makes virtual — every `sleep`, `timeout` and poll happens in
 * virtual frames, and marble assertions work on pollable code.
 *
 * @remarks
 * - Rule 2 holds on every scheduler: `queueScheduler` runs delay-0 work synchronously when
 *   no queue action is running; the executor then drains one microtask later instead of on
 *   the waker's stack.
 * - Rule 5: after `budget` polls the executor yields through `yieldScheduler`.
 *
 * @example
 * ```ts
 * const ex = new RxjsExecutor(asyncScheduler)
 * const value = await ex.spawn(map(sleep(10), () => 42))
 * ```
 */
export class RxjsExecutor extends LocalExecutor {
  /** The scheduler polls and timers run on. */
  readonly scheduler: SchedulerLike

  /**
   * @throws InvalidArgument when `scheduler` is not a SchedulerLike, `budget` not an integer
   * from 1 to 65,536, or `onFault` not a function.
   */
  constructor(scheduler: SchedulerLike = asapScheduler, options: RxjsExecutorOptions = {}) {
    checkScheduler("new RxjsExecutor(scheduler)", scheduler)
    checkOptions("new RxjsExecutor(scheduler, options)", options)
    checkTimer("new RxjsExecutor(scheduler, { timer })", options.timer)
    if (options.yieldScheduler !== undefined)
      checkScheduler("new RxjsExecutor(scheduler, { yieldScheduler })", options.yieldScheduler)
    super({
      timer: options.timer ?? new TimerQueue(schedulerClock(scheduler), { onFault: options.onFault }),
      schedule: (drain) => {
        scheduleDeferred(scheduler, drain)
      },
      yieldToHost: hostYield(scheduler, options.yieldScheduler),
      budget: options.budget,
      onFault: options.onFault,
      hooks: options.hooks,
      introspect: options.introspect,
      name: `rxjs (${schedulerName(scheduler)})`,
    })
    this.scheduler = scheduler
  }
}
