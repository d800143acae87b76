import type { Future } from "../contracts/future.js"
import { PollableError } from "../errors.js"
import { ManualExecutor } from "./manual-executor.js"
import { VirtualClock } from "./virtual-clock.js"

/** What {@link checkNoLeaks} found. */
export interface LeakReport {
  /** Timer entries still registered after the future ended. */
  readonly timers: number
  /** Wakes delivered after the future ended: something kept its waker. */
  readonly strayWakes: number
}

/**
 * Rule 4 as a check: run `make()` on a manual executor with a virtual clock for
 * `cancelAfterMs` of virtual time (or to completion when omitted), cancel it, run all
 * remaining timers, and report what stayed registered. Throws when anything leaked.
 */
export function checkNoLeaks(make: () => Future<unknown, unknown>, cancelAfterMs?: number): LeakReport {
  const clock = new VirtualClock()
  const ex = new ManualExecutor({ timer: clock })
  const h = ex.spawn(make())
  ex.runUntilStalled()
  if (cancelAfterMs !== undefined) clock.advance(cancelAfterMs)
  h.cancel()
  const report: LeakReport = { timers: clock.pendingTimers, strayWakes: 0 }
  clock.runAll()
  const result = { ...report, strayWakes: ex.strayWakes }
  if (result.timers > 0 || result.strayWakes > 0) {
    throw new PollableError(
      `leak: after cancel ${result.timers} timer(s) stayed registered and ${result.strayWakes} stray wake(s) arrived; ` +
        "cancel() must release every timer, listener and waker (rule 4)",
    )
  }
  return result
}
