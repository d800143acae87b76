import { InvalidArgument, pollFn, type Executor } from "@pollable/core"
import { checkExecutor, checkOptions } from "@pollable/core/adapter"
import type * as Fiber from "effect/Fiber"
import type * as Scheduler from "effect/Scheduler"

/** Options of {@link asEffectScheduler}. */
export interface AsEffectSchedulerOptions {
  /** Operations a fiber runs before it yields to others. Default: the fiber's `MaxOpsBeforeYield` (2048). */
  readonly maxOpsBeforeYield?: number | undefined
}

class ExecutorDispatcher implements Scheduler.SchedulerDispatcher {
  #tasks: { readonly priority: number; readonly task: () => void }[] = []
  #spawned = false
  constructor(readonly executor: Executor) {}

  scheduleTask(task: () => void, priority: number): void {
    this.#tasks.push({ priority, task })
    if (this.#spawned) return
    this.#spawned = true
    this.executor.spawn(
      pollFn<void, never>(() => {
        this.#spawned = false
        this.#run()
        return undefined
      }),
    )
  }

  flush(): void {
    while (this.#tasks.length > 0) this.#run()
  }

  #run(): void {
    const tasks = this.#tasks
    if (tasks.length === 0) return
    this.#tasks = []
    if (tasks.some((t) => t.priority !== tasks[0]!.priority)) tasks.sort((a, b) => a.priority - b.priority) // stable
    for (const t of tasks) t.task()
  }
}

/**
 * An Effect `Scheduler` whose dispatcher runs fiber work as tasks of a pollable executor:
 * the reverse bridge of {@link EffectExecutor}. Pass it to `Effect.runFork(program, {
 * scheduler })` (or provide it as `Scheduler.Scheduler`) to interleave Effect fibers with
 * pollable tasks in one queue — e.g. on core's `ManualExecutor`, so a test steps fibers
 * and futures together, deterministically.
 *
 * What it covers: Effect's scheduler carries fiber yields and fork starts only. Fibers still
 * start synchronously inside `runFork`, and time stays on Effect's `Clock` (`Effect.sleep`
 * uses the `Clock` service, not the scheduler); provide `TestClock` for virtual time.
 * @throws InvalidArgument (at call time) when `executor` is not an executor or `maxOpsBeforeYield` not an integer >= 1.
 */
export function asEffectScheduler(executor: Executor, options: AsEffectSchedulerOptions = {}): Scheduler.Scheduler {
  checkExecutor("asEffectScheduler(executor)", executor)
  checkOptions("asEffectScheduler(executor, options)", options)
  const max = options.maxOpsBeforeYield
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
    throw new InvalidArgument(
      "asEffectScheduler(executor, { maxOpsBeforeYield })",
      `expected an integer >= 1, got ${String(max)}`,
      "pass how many operations a fiber runs before it yields, e.g. 2048, or leave the option out",
    )
  }
  return {
    executionMode: "async",
    shouldYield: (fiber: Fiber.Fiber<unknown, unknown>) =>
      fiber.currentOpCount >= (max ?? fiber.cache.maxOpsBeforeYield),
    makeDispatcher: () => new ExecutorDispatcher(executor),
  }
}
