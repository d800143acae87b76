import { LocalExecutor, TimerQueue, type FaultReporter, type LocalExecutorOptions, type Timer } from "@pollable/core"
import { checkOptions, checkTimer } from "@pollable/core/adapter"
import * as Clock from "effect/Clock"
import * as EffectContext from "effect/Context"
import * as Effect from "effect/Effect"
import * as Scheduler from "effect/Scheduler"
import { effectClockSource } from "./clock-source.js"
import { checkEffectService } from "./errors.js"

/** Options of {@link EffectExecutor}. */
/**
 * Its `hooks` (instrumentation, see `ExecutorHooks`) and `introspect` (per-task counters for
 * `tasks()`) options are `LocalExecutor`'s.
 */
export interface EffectExecutorOptions extends Pick<LocalExecutorOptions, "hooks" | "introspect"> {
  /** The Effect clock behind the timer capability. Default: Effect's live clock. */
  readonly clock?: Clock.Clock | undefined
  /**
   * The Effect scheduler that runs the executor's drains and its alarm fiber.
   * Default: Effect's default scheduler (`MixedScheduler`: drains in `setImmediate` batches).
   */
  readonly scheduler?: Scheduler.Scheduler | undefined
  /**
   * A timer that replaces the Effect clock, e.g. core's `VirtualClock` so one virtual
   * clock drives this executor and others in the same test.
   */
  readonly timer?: Timer | undefined
  /** Polls per drain before yielding to the scheduler (rule 5). Default 1024; at most 65,536. */
  readonly budget?: number | undefined
  /**
   * Where faults go that happen while this executor polls or cancels its tasks or fires its
   * timers and have no caller to go to (a teardown that threw during `handle.cancel()` or a
   * combinator's cancel of a loser, a `wake()` that threw). Default: the process-wide
   * reporter (`setFaultReporter`; the console unless replaced), which never crashes the process.
   */
  readonly onFault?: FaultReporter | undefined
  /** Name for `describe()`. Default `"effect"`. */
  readonly name?: string | undefined
}

const defaultClock = (): Clock.Clock => EffectContext.get(EffectContext.empty(), Clock.Clock)
const defaultScheduler = (): Scheduler.Scheduler => EffectContext.get(EffectContext.empty(), Scheduler.Scheduler)

/**
 * Runs pollable futures on Effect's runtime: core's {@link LocalExecutor} whose drains are
 * tasks of an Effect scheduler dispatcher (the queue fibers run on) and whose timer is a
 * core `TimerQueue` over Effect's `Clock` ({@link effectClockSource}).
 *
 * - Under `TestClock`, `TestClock.adjust` drives pollable `sleep`/`timeout`: build the
 *   executor inside the program with {@link EffectExecutor.make} (it captures the fiber's
 *   `Clock` and `Scheduler`), or let {@link toEffect} do it.
 * - Outside any fiber, `new EffectExecutor()` uses the live clock and Effect's default
 *   scheduler — that is what `effect.createExecutor()` returns.
 * - A `timer` option (e.g. core's `VirtualClock`) replaces the Effect clock.
 *
 * @remarks
 * Rule 2: a wake only schedules a drain on the dispatcher; Effect's `resume` can call it
 * from deep inside a fiber without polling re-entrantly. Rule 5: a drain polls at most
 * `budget` tasks, then reschedules itself behind the fibers queued meanwhile.
 */
export class EffectExecutor extends LocalExecutor {
  /** The Effect clock the timer reads (unused when a `timer` option replaced it). */
  readonly clock: Clock.Clock
  /** The Effect scheduler the drains run on. */
  readonly scheduler: Scheduler.Scheduler

  /**
   * @throws InvalidArgument when `budget` is not an integer from 1 to 65,536 or `onFault` not
   * a function.
   */
  constructor(options: EffectExecutorOptions = {}) {
    checkOptions("new EffectExecutor(options)", options)
    checkTimer("new EffectExecutor({ timer })", options.timer)
    checkEffectService(
      "new EffectExecutor({ clock })",
      options.clock,
      "currentTimeMillisUnsafe",
      "an Effect Clock (e.g. the one Effect.clockWith gives you)",
    )
    checkEffectService(
      "new EffectExecutor({ scheduler })",
      options.scheduler,
      "makeDispatcher",
      "an Effect Scheduler (e.g. new Scheduler.MixedScheduler())",
    )
    const clock = options.clock ?? defaultClock()
    const scheduler = options.scheduler ?? defaultScheduler()
    const dispatcher = scheduler.makeDispatcher()
    const schedule = (drain: () => void): void => dispatcher.scheduleTask(drain, 0)
    super({
      schedule,
      yieldToHost: schedule,
      timer: options.timer ?? new TimerQueue(effectClockSource(clock, scheduler), { onFault: options.onFault }),
      budget: options.budget,
      onFault: options.onFault,
      hooks: options.hooks,
      introspect: options.introspect,
      name: options.name ?? "effect",
    })
    this.clock = clock
    this.scheduler = scheduler
  }

  /**
   * An Effect that builds a fresh executor on the calling fiber's `Clock` and `Scheduler`
   * (so `TestClock` reaches it). Use it once per program and pass the executor on.
   *
   * @example
   * ```ts
   * const program = Effect.gen(function* () {
   *   const ex = yield* EffectExecutor.make()
   *   const h = ex.spawn(sleep(1000))
   *   yield* TestClock.adjust("1 second")
   *   return h.outcome // { _tag: "Success", value: undefined }
   * })
   * ```
   */
  static make(options: Omit<EffectExecutorOptions, "clock" | "scheduler"> = {}): Effect.Effect<EffectExecutor> {
    checkOptions("EffectExecutor.make(options)", options)
    checkTimer("EffectExecutor.make({ timer })", options.timer)
    return Effect.withFiber((fiber) =>
      Effect.succeed(
        new EffectExecutor({
          ...options,
          clock: fiber.getRef(Clock.Clock),
          scheduler: fiber.getRef(Scheduler.Scheduler),
        }),
      ),
    )
  }

  /**
   * An Effect returning the executor shared by every {@link toEffect} that runs with the
   * same `Clock` and `Scheduler` as the calling fiber (created on first use, then cached
   * weakly on that pair). Timers of all those futures share one alarm fiber.
   */
  static readonly current: Effect.Effect<EffectExecutor> = Effect.withFiber((fiber) =>
    Effect.succeed(sharedExecutor(fiber.getRef(Clock.Clock), fiber.getRef(Scheduler.Scheduler))),
  )
}

const shared = new WeakMap<Clock.Clock, WeakMap<Scheduler.Scheduler, EffectExecutor>>()

/** The executor cached for a (clock, scheduler) pair. @internal */
export function sharedExecutor(clock: Clock.Clock, scheduler: Scheduler.Scheduler): EffectExecutor {
  // per-call runners ask on every call, nearly always for the same pair: one entry is kept
  const last = lastShared
  if (last !== undefined && last.clock === clock && last.scheduler === scheduler) return last.executor
  const executor = lookUpShared(clock, scheduler)
  lastShared = { clock, scheduler, executor }
  return executor
}

/** The pair {@link sharedExecutor} answered last, and its executor. */
let lastShared:
  | { readonly clock: Clock.Clock; readonly scheduler: Scheduler.Scheduler; readonly executor: EffectExecutor }
  | undefined

function lookUpShared(clock: Clock.Clock, scheduler: Scheduler.Scheduler): EffectExecutor {
  let byScheduler = shared.get(clock)
  if (byScheduler === undefined) {
    byScheduler = new WeakMap()
    shared.set(clock, byScheduler)
  }
  let ex = byScheduler.get(scheduler)
  if (ex === undefined) {
    ex = new EffectExecutor({ clock, scheduler })
    byScheduler.set(scheduler, ex)
  }
  return ex
}
