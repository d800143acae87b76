// Shared by the schedule-exploration tests: a fast-check chooser and a run-to-the-end driver.
import fc from "fast-check"
import type { JoinHandle } from "@pollable/core"
import type { Choose, ExploringExecutor, VirtualClock } from "@pollable/core/testing"

/** fast-check picks which woken task runs next. */
export const chooser = fc.infiniteStream(fc.nat()).map((s): Choose => {
  const it = s[Symbol.iterator]()
  return (n) => (it.next().value as number) % n
})

/** Run to the end, advancing the clock when stalled; at step `cancelAt` cancel `victim`. */
export function drive(
  ex: ExploringExecutor,
  clock: VirtualClock,
  cancelAt: number,
  victim: JoinHandle<unknown, unknown>,
): void {
  for (let n = 0; n < 100_000; n++) {
    if (n === cancelAt) victim.cancel()
    if (ex.step()) continue
    if (clock.pendingTimers === 0) return
    clock.advanceTo(clock.nextDeadline)
  }
  throw new Error("livelock: a task never settled")
}
