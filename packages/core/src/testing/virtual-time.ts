import { ManualExecutor } from "./manual-executor.js"
import { VirtualClock } from "./virtual-clock.js"

/**
 * A manual executor on a fresh virtual clock — the usual start of a test that controls
 * time: `clock.advance(ms)` fires timers in order and runs the woken tasks in between.
 *
 * @example
 * ```ts
 * const { clock, ex } = virtualTime()
 * const h = ex.spawn(timeout(sleep(100), 50))
 * clock.advance(50) // h.outcome: Failure(TimeoutError)
 * ```
 */
export function virtualTime(start = 0): { readonly clock: VirtualClock; readonly ex: ManualExecutor } {
  const clock = new VirtualClock(start)
  return { clock, ex: new ManualExecutor({ timer: clock }) }
}
