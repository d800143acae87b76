import type { JoinHandle } from "./executor.js"
import type { Future } from "./future.js"

/**
 * A handle that tells an executor "poll this task again".
 *
 * @remarks
 * - Idempotent until the next poll: waking twice schedules one poll.
 * - Callable from anywhere: a timer callback, an event listener, another task's poll,
 *   deep inside RxJS or Effect stacks.
 * - Rule 2: `wake()` never polls synchronously; it only schedules.
 * - Rule 8: `wake()` should not throw. One that does is not rethrown to whoever woke it:
 *   the channel, sync primitive, timer queue or executor that called it reports the error
 *   with `reportFault` (the executor's `onFault`, else the process-wide reporter) and goes
 *   on — every other waiter is still woken, a value sent is still delivered (`trySend`
 *   returns `true`), the timers after it still fire. The throwing waker itself gets nothing
 *   more: what it was woken for stays ready for its next poll (a granted permit, a
 *   delivered value), so a task that is polled again anyway loses nothing.
 */
export interface Waker {
  wake(): void
}

/** A scheduled timer registration; `cancel()` removes it (idempotent). */
export interface TimerEntry {
  cancel(): void
}

/**
 * The timer capability. `now()` is in milliseconds on the executor's clock (real or
 * virtual); `schedule` wakes `waker` once `now() >= deadline`.
 *
 * Core owns the timer queue ({@link TimerQueue}); an adapter only supplies a clock source.
 */
export interface Timer {
  now(): number
  schedule(deadline: number, waker: Waker): TimerEntry
}

/** The spawn capability: start a future as an independent task on the same executor. */
export interface Spawner {
  spawn<T, E>(future: Future<T, E>): JoinHandle<T, E>
}

/**
 * What an executor hands to `poll`: the waker of the task being polled plus the
 * capabilities it supplies.
 *
 * @remarks
 * A future that needs a capability the executor did not supply throws
 * `MissingCapability` naming it. Effect 4 also has a module named `Context`; when you
 * import both, alias one (`import type { Context as PollContext } from "@pollable/core"`).
 */
export interface Context {
  /** Wake this to be polled again. Rule 1: only the waker of the most recent poll must be woken. */
  readonly waker: Waker
  /** Present when the executor supplies time (all shipped executors do). */
  readonly timer?: Timer | undefined
  /** Present when the executor lets futures spawn sibling tasks. */
  readonly spawner?: Spawner | undefined
}
