import type { Outcome } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import { PollableError } from "../errors.js"
import { checkDuration, checkFunction } from "../internal/check.js"
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
}

/**
 * Rule 4 as a check: run `make()` on a manual executor with a virtual clock for
 * `cancelAfterMs` of virtual time (or, when omitted, until it completes or nothing can
 * move), cancel it, run all remaining timers, and report what stayed registered.
 *
 * @throws PollableError naming the count of leaked timers and stray wakes when anything leaked.
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
  const ex = new ManualExecutor({ timer: clock })
  const h = ex.spawn(make())
  ex.runUntilStalled()
  if (cancelAfterMs !== undefined) clock.advance(cancelAfterMs)
  else clock.runAll()
  const outcome = h.outcome
  h.cancel()
  const timers = clock.pendingTimers
  clock.runAll()
  const result: LeakReport = { timers, strayWakes: ex.strayWakes, outcome: outcome ?? h.outcome }
  if (result.timers > 0 || result.strayWakes > 0) {
    throw new PollableError(
      `leak: after cancel ${result.timers} timer(s) ` +
        `stayed registered and ${result.strayWakes} stray wake(s) arrived; ` +
        "cancel() must release every timer, listener and waker (rule 4)",
    )
  }
  return result
}
