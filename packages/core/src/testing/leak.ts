import type { Outcome } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import type { Timer, TimerEntry, Waker } from "../contracts/waker.js"
import { PollableError } from "../errors.js"
import { checkDuration, checkFunction } from "../internal/check.js"
import type { Task } from "../executor/task.js"
import type { TaskRef } from "../introspect/hooks.js"
import { ManualExecutor } from "./manual-executor.js"
import { VirtualClock } from "./virtual-clock.js"

/** What {@link checkNoLeaks} found. */
export interface LeakReport {
  /** Timer entries still registered after the future ended. */
  readonly timers: number
  /** Wakes delivered after the future ended: something kept its waker. */
  readonly strayWakes: number
  /** How the future ended: completed on its own, or interrupted by the check's cancel. */
  readonly outcome: Outcome<unknown, unknown> | undefined
  /**
   * Each leak in words: the timer left registered (its deadline) or the stray wake, and the
   * task whose poll made the registration / whose waker was kept, by name.
   */
  readonly leaks: readonly string[]
}

/** A timer registration made during the check, with the task whose poll made it. */
interface Registration {
  readonly deadline: number
  readonly by: string
}

const describeTask = (t: TaskRef | undefined): string =>
  t === undefined ? "outside any task" : `task#${t.id} (${t.name})`

/** The manual executor of the check: it also names the tasks stray wakes reach. */
class LeakExecutor extends ManualExecutor {
  readonly strayNames: string[] = []
  override strayWake(task: Task<any, any>): void {
    super.strayWake(task)
    this.strayNames.push(`task#${task.id}`)
  }
}

/**
 * Rule 4 as a check: run `make()` on a manual executor with a virtual clock for
 * `cancelAfterMs` of virtual time (or, when omitted, until it completes or nothing can
 * move), cancel it, run all remaining timers, and report what stayed registered.
 *
 * @throws PollableError naming each leaked timer (its deadline and the task whose poll
 * registered it) and each stray wake (the task it reached) when anything leaked.
 * @example
 * ```ts
 * checkNoLeaks(() => timeout(sleep(100), 50), 10)   // cancelled at t=10: no timer may remain
 * checkNoLeaks(() => join(sleep(5), sleep(7)))       // completed: no timer may remain
 * ```
 */
export function checkNoLeaks(make: () => Future<unknown, unknown>, cancelAfterMs?: number): LeakReport {
  checkFunction("checkNoLeaks(make)", make)
  if (cancelAfterMs !== undefined) checkDuration("checkNoLeaks(make, cancelAfterMs)", cancelAfterMs)
  const clock = new VirtualClock()
  let polling: TaskRef | undefined
  const live = new Set<Registration>()
  // the tasks' timer: the virtual clock, keeping each live registration and who made it
  const timer: Timer = {
    now: () => clock.now(),
    schedule(deadline: number, waker: Waker): TimerEntry {
      const reg: Registration = { deadline, by: describeTask(polling) }
      live.add(reg)
      const entry = clock.schedule(deadline, {
        wake() {
          live.delete(reg)
          waker.wake()
        },
      })
      return {
        cancel() {
          live.delete(reg)
          entry.cancel()
        },
      }
    },
  }
  const ex = new LeakExecutor({
    timer,
    hooks: {
      onPollStart: (t) => {
        polling = t
      },
      onPollEnd: () => {
        polling = undefined
      },
    },
  })
  clock.attach(() => {
    ex.runUntilStalled()
  })
  const h = ex.spawn(make())
  ex.runUntilStalled()
  if (cancelAfterMs !== undefined) clock.advance(cancelAfterMs)
  else clock.runAll()
  const outcome = h.outcome
  h.cancel()
  const timers = clock.pendingTimers
  const leaks = [...live].map((r) => `a timer at t=${r.deadline} registered by ${r.by}`)
  clock.runAll()
  for (const name of ex.strayNames) leaks.push(`a stray wake of ${name}, which had already ended`)
  const result: LeakReport = { timers, strayWakes: ex.strayWakes, outcome: outcome ?? h.outcome, leaks }
  if (result.timers > 0 || result.strayWakes > 0) {
    throw new PollableError(
      `leak: after cancel ${result.timers} timer(s) ` +
        `stayed registered and ${result.strayWakes} stray wake(s) arrived; ` +
        `cancel() must release every timer, listener and waker (rule 4):\n  ${leaks.join("\n  ")}`,
    )
  }
  return result
}
