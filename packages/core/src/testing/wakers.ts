import type { Context, Timer, Waker } from "../contracts/waker.js"

/**
 * A waker that does nothing: for polling a future by hand.
 * @example
 * ```ts
 * expect(ready(1).poll(contextOf(noopWaker))).toBe(1)
 * ```
 */
export const noopWaker: Waker = Object.freeze({ wake() {} })

/**
 * A waker that counts its wakes: check that a future woke (rule 1) — and only its latest
 * waker — or that nothing woke after cancel (rule 4).
 * @example
 * ```ts
 * const w = new CountingWaker(); const clock = new VirtualClock()
 * sleep(10).poll(contextOf(w, clock)); clock.advance(10)
 * expect(w.count).toBe(1)
 * ```
 */
export class CountingWaker implements Waker {
  count = 0
  wake(): void {
    this.count++
  }
}

/** A `Context` around `waker` (noop by default) and an optional timer (e.g. a {@link VirtualClock}). */
export const contextOf = (waker: Waker = noopWaker, timer?: Timer): Context =>
  timer === undefined ? { waker } : { waker, timer }
