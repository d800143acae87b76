import { FutureBase } from "../future-base.js"
import { RUNNING } from "./state.js"

/** A state no FutureBase ever has on its own: "seen earlier in this list". */
const SEEN = 3

/**
 * The index of the first future that already appeared earlier in `futures`, or -1.
 *
 * For join/select of thousands of futures a `Set` of them costs ~100 ns a future (V8 gives
 * each object an identity hash on first insert), several times the rest of the combinator.
 * Core's own futures are instead marked through their `state` field — running ones only,
 * restored before returning, with no user code running in between — and only hand-written
 * futures go into a `Set`.
 */
export function findRepeat(futures: readonly unknown[]): number {
  const n = futures.length
  let others: Set<unknown> | undefined
  let again = -1
  let i = 0
  for (; i < n; i++) {
    const f = futures[i]
    if (f instanceof FutureBase) {
      const m = f as unknown as { state: number }
      if (m.state === SEEN) {
        again = i
        break
      }
      if (m.state === RUNNING) m.state = SEEN
    } else {
      others ??= new Set()
      const size = others.size
      others.add(f)
      if (others.size === size) {
        again = i
        break
      }
    }
  }
  // restore every mark made so far (a repeat stops the scan early)
  for (let j = 0; j < i; j++) {
    const f = futures[j]
    if (f instanceof FutureBase && (f as unknown as { state: number }).state === SEEN)
      (f as unknown as { state: number }).state = RUNNING
  }
  return again
}
