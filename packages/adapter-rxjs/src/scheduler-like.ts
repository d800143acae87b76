import { Subscription, type SchedulerAction, type SchedulerLike } from "rxjs"
import { lazy, map, sleep, type Executor, type JoinHandle } from "@pollable/core"
import { checkExecutor } from "@pollable/core/adapter"

/**
 * One RxJS scheduler action on a pollable executor: each `schedule(state, delay)` spawns a
 * task that sleeps `delay` on the executor's timer and then runs the work.
 */
class ExecutorAction<S> extends Subscription implements SchedulerAction<S> {
  #task: JoinHandle<void, unknown> | undefined
  constructor(
    readonly executor: Executor,
    readonly work: (this: SchedulerAction<S>, state?: S) => void,
  ) {
    super()
    this.add(() => {
      const t = this.#task
      this.#task = undefined
      t?.cancel()
    })
  }

  schedule(state?: S, delay = 0): Subscription {
    if (this.closed) return this
    // Rescheduling replaces the pending run (RxJS semantics); the running one is not pending.
    this.#task?.cancel()
    const ms = delay > 0 && Number.isFinite(delay) ? delay : 0
    const run = (): void => this.#run(state)
    this.#task = this.executor.spawn(ms === 0 ? lazy(run) : map(sleep(ms), run))
    return this
  }

  #run(state: S | undefined): void {
    this.#task = undefined
    if (this.closed) return
    try {
      this.work.call(this, state)
    } catch (error) {
      // As on RxJS's own schedulers: the action is torn down and the error reported to the host.
      this.unsubscribe()
      queueMicrotask(() => {
        throw error
      })
    }
  }
}

/**
 * A pollable executor as an RxJS `SchedulerLike`, so RxJS operators (`observeOn`,
 * `subscribeOn`, `delay`, `timer`, `interval`, `debounceTime`…) run on pollable's executor —
 * and, when its timer is core's `VirtualClock`, in virtual time with everything else.
 *
 * `now()` is `executor.timer.now()`; `schedule(work, delay)` spawns a task that sleeps
 * `delay` ms on the executor's timer and runs `work` in a poll. Delay 0 needs no timer.
 *
 * @remarks
 * - Cancel safety: unsubscribing the returned action cancels its task and timer entry.
 * - `work` may call `this.schedule(state, delay)` to run again (RxJS recursion).
 * - An error thrown by `work` tears the action down and is rethrown in a microtask,
 *   as RxJS's schedulers rethrow to the host.
 * @example
 * ```ts
 * const clock = new VirtualClock(); const ex = new ManualExecutor({ timer: clock })
 * const seen: number[] = []
 * timer(10, asSchedulerLike(ex)).subscribe(() => seen.push(clock.now()))
 * clock.advance(10)                                   // seen: [10]
 * ```
 */
export function asSchedulerLike(executor: Executor): SchedulerLike {
  checkExecutor("asSchedulerLike(executor)", executor)
  return {
    now: () => executor.timer.now(),
    schedule<S>(work: (this: SchedulerAction<S>, state?: S) => void, delay?: number, state?: S): Subscription {
      return new ExecutorAction<S>(executor, work).schedule(state, delay)
    },
  } as SchedulerLike
}
