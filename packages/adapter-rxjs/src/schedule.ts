import { Subscription, asapScheduler, asyncScheduler, queueScheduler, type SchedulerLike } from "rxjs"
import { hostMacrotask, type ClockSource } from "@pollable/core"

/**
 * Run `work` once on `scheduler` after `delay` ms, never on the caller's stack (rule 2).
 *
 * Every RxJS scheduler defers except `queueScheduler` outside a running action, which
 * executes delay-0 work synchronously. When that happens the work is skipped and run one
 * microtask later, again through the scheduler (so it still trampolines with other
 * queue-scheduled work). The returned subscription cancels whichever is pending.
 * @internal
 */
export function scheduleDeferred(scheduler: SchedulerLike, work: () => void, delay = 0): Subscription {
  let onCallerStack = true
  let ranOnCallerStack = false
  const first = scheduler.schedule(() => {
    if (onCallerStack) ranOnCallerStack = true
    else work()
  }, delay)
  onCallerStack = false
  if (!ranOnCallerStack) return first
  const deferred = new Subscription()
  queueMicrotask(() => {
    if (!deferred.closed) deferred.add(scheduler.schedule(work, 0))
  })
  return deferred
}

/**
 * The clock of an RxJS scheduler as a core `ClockSource`: `now()` is `scheduler.now()` and
 * the one host alarm is a delayed `scheduler.schedule`. Under `TestScheduler` both are virtual.
 * @internal
 */
export function schedulerClock(scheduler: SchedulerLike): ClockSource {
  return {
    now: () => scheduler.now(),
    setAlarm(deadline, fire) {
      const sub = scheduleDeferred(scheduler, fire, Math.max(0, deadline - scheduler.now()))
      return () => sub.unsubscribe()
    },
  }
}

/** A short name for `describe()`: `asap`, `async`, `queue`, `animationFrame`, the class name otherwise. @internal */
export function schedulerName(scheduler: SchedulerLike): string {
  if (scheduler === asapScheduler) return "asap"
  if (scheduler === asyncScheduler) return "async"
  if (scheduler === queueScheduler) return "queue"
  const ctor = (scheduler as { constructor?: { name?: unknown } }).constructor
  const name = typeof ctor?.name === "string" && ctor.name !== "Object" ? ctor.name : "custom scheduler"
  return name === "AnimationFrameScheduler" ? "animationFrame" : name
}

/**
 * How an executor on `scheduler` yields after a full batch (rule 5).
 * - `chosen` (the `yieldScheduler` option) is used as it is.
 * - By default `asapScheduler` and `queueScheduler`, which never give the host's macrotask
 *   queue a turn, yield through `asyncScheduler` (itself virtual inside `TestScheduler.run`);
 *   any other scheduler yields through itself.
 * - On a real clock a default yield through `asyncScheduler` takes a host macrotask instead
 *   (core's `hostMacrotask`: `setImmediate`, else a `MessageChannel` message):
 *   `asyncScheduler` schedules with `setInterval`, which hosts clamp to ≥ 1 ms, so a busy
 *   executor yielding every batch would sit idle most of the time. Inside `TestScheduler.run`
 *   its `now()` is a frame number, far from `Date.now()`, and the yield stays on it so marble
 *   tests remain deterministic.
 * @internal
 */
export function hostYield(scheduler: SchedulerLike, chosen: SchedulerLike | undefined): (drain: () => void) => void {
  const yielder = chosen ?? (scheduler === asapScheduler || scheduler === queueScheduler ? asyncScheduler : scheduler)
  if (chosen !== undefined || yielder !== asyncScheduler) return (drain) => void scheduleDeferred(yielder, drain)
  return (drain) => {
    if (Math.abs(asyncScheduler.now() - Date.now()) < 1000) hostMacrotask(drain)
    else scheduleDeferred(asyncScheduler, drain)
  }
}
