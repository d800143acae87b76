import { Task } from "../executor/task.js"
import { FutureBase } from "../future-base.js"
import { checkFutures, fewFuturesAreFine, isFutureLike } from "../internal/check.js"
import { RUNNING } from "../internal/state.js"

/** A state no FutureBase ever has on its own: "seen earlier in this list". */
const SEEN = 3

type Marked = { state: number }

/** What {@link markAll} found: where it stopped, and what the clearing pass needs to know. */
interface Scan {
  /** Index of the first repeat (the scan stopped there), or the list's length. */
  end: number
  /** Every future before `end` is a FutureBase: the clearing pass needs no class test. */
  onlyCore: boolean
  /** The hand-written futures (anything else), when there are any. */
  others: Set<unknown> | undefined
}

/**
 * {@link checkFutures} for a combinator that owns thousands of futures (join, select and
 * friends): each is a Future, and none is given twice — with no allocation per future for
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
export function checkOwnedFutures(name: string, futures: readonly unknown[]): void {
  // `name()` (for the error) is built only when something is wrong: a join is made per call
  if (futures.length <= 16) {
    if (!fewFuturesAreFine(futures)) checkFutures(`${name}()`, futures)
    return
  }
  const scan: Scan = { end: 0, onlyCore: true, others: undefined }
  scan.end = markAll(futures, scan)
  clearMarks(futures, scan)
  let bad = scan.end < futures.length
  if (!bad && scan.others !== undefined) for (const f of scan.others) if (!isFutureLike(f)) bad = true
  // the slow path words the error (and a non-future is reported before a repeat, as there)
  if (bad) checkFutures(`${name}()`, futures)
}

// The two loops are functions of their own that return right after looping: V8 compiles a
// long loop while it runs (on-stack replacement) and reuses that code on later calls, so code
// after a loop that had not run yet when it was compiled would deoptimize on every call.

/**
 * Mark every future until the first repeat; returns where it stopped. (Returned, not stored
 * in `scan` after the loop: a store there would be the code after the loop that deoptimizes
 * on every call, as the note above says — it did, once per join.)
 */
function markAll(futures: readonly unknown[], scan: Scan): number {
  const n = futures.length
  let i = 0
  for (; i < n; i++) {
    const f = futures[i]
    if (f instanceof FutureBase) {
      const m = f as unknown as Marked
      if (m.state === SEEN) break
      if (m.state === RUNNING) m.state = SEEN
      continue
    }
    scan.onlyCore = false
    if (f instanceof Task) {
      if (!Task.markSeen(f)) break
    } else {
      const others = (scan.others ??= new Set())
      const size = others.size
      others.add(f)
      if (others.size === size) break
    }
  }
  return i
}

/** Clear every mark {@link markAll} made (a repeat stopped it at `scan.end`). */
function clearMarks(futures: readonly unknown[], scan: Scan): void {
  const end = scan.end
  if (scan.onlyCore) {
    for (let j = 0; j < end; j++) {
      const m = futures[j] as Marked
      if (m.state === SEEN) m.state = RUNNING
    }
    return
  }
  for (let j = 0; j < end; j++) {
    const f = futures[j]
    if (f instanceof FutureBase) {
      const m = f as unknown as Marked
      if (m.state === SEEN) m.state = RUNNING
    } else if (f instanceof Task) Task.clearSeen(f)
  }
}
