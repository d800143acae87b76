import type { ClockSource } from "./timer-queue.js"

import { hostNow } from "../internal/host-now.js"

/**
 * A {@link ClockSource} on the host's `setTimeout` and `performance.now()` (or `Date.now()`),
 * read when called, never at import. Adapters supply their own; this one serves the
 * reference executor in demos and tests.
 * @param options.unref when true and the host timer supports it (Node), a pending alarm does not keep the process
 * alive.
 */
export function hostClock(options: { unref?: boolean } = {}): ClockSource {
  const g = globalThis as unknown as {
    setTimeout(fn: () => void, ms: number): unknown
    clearTimeout(h: unknown): void
  }
  return {
    now: hostNow,
    setAlarm(deadline, fire) {
      const h = g.setTimeout(fire, Math.max(0, Math.ceil(deadline - hostNow())))
      if (options.unref === true) (h as { unref?: () => void }).unref?.()
      return () => g.clearTimeout(h)
    },
  }
}
