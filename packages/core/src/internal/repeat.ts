import { Task } from "../executor/task.js"
import { FutureBase } from "../future-base.js"
import { checkFutures, isFutureLike } from "./check.js"
import { RUNNING } from "./state.js"

/** A state no FutureBase ever has on its own: "seen earlier in this list". */
const SEEN = 3

type Marked = { state: number }

/**
 * {@link checkFutures} for a combinator that owns thousands of futures (join, select and
 * friends): each is a Future, and none is given twice — in one pass, with no allocation for
 * core's futures and task handles.
 *
 * A `Set` of the futures would cost ~100 ns a future (V8 gives each object an identity hash
 * on first insert), several times the rest of the combinator. Core's own futures are instead
 * marked through their `state` field (running ones only) and task handles through a flag bit
 * (`Task.markSeen`); every mark is cleared before returning, and no user code runs while
 * marks are set. Only hand-written futures go into a `Set`, and their shape (`poll`, `cancel`,
 * possibly getters) is checked after the marks are cleared.
 *
 * On any problem it hands the list to {@link checkFutures}, which throws the error naming it.
 */
export function checkOwnedFutures(where: string, futures: readonly unknown[]): void {
  const n = futures.length
  if (n <= 16) {
    checkFutures(where, futures)
    return
  }
  let others: Set<unknown> | undefined
  /** Every future scanned so far is a FutureBase: the clearing pass needs no class test. */
  let onlyCore = true
  let bad = false
  let i = 0
  for (; i < n; i++) {
    const f = futures[i]
    if (f instanceof FutureBase) {
      const m = f as unknown as Marked
      if (m.state === SEEN) {
        bad = true
        break
      }
      if (m.state === RUNNING) m.state = SEEN
      continue
    }
    onlyCore = false
    if (f instanceof Task) {
      if (!Task.markSeen(f)) {
        bad = true
        break
      }
    } else {
      others ??= new Set()
      const size = others.size
      others.add(f)
      if (others.size === size) {
        bad = true
        break
      }
    }
  }
  // clear every mark made so far (a repeat stops the scan early)
  if (onlyCore) {
    for (let j = 0; j < i; j++) {
      const m = futures[j] as Marked
      if (m.state === SEEN) m.state = RUNNING
    }
  } else {
    for (let j = 0; j < i; j++) {
      const f = futures[j]
      if (f instanceof FutureBase) {
        const m = f as unknown as Marked
        if (m.state === SEEN) m.state = RUNNING
      } else if (f instanceof Task) Task.clearSeen(f)
    }
  }
  if (!bad && others !== undefined) for (const f of others) if (!isFutureLike(f)) bad = true
  // the slow path words the error (and a non-future is reported before a repeat, as there)
  if (bad) checkFutures(where, futures)
}
