import type { Future, Outcome } from "@pollable/core"
import { ManualExecutor, ManualFuture, VirtualClock } from "@pollable/core/testing"

/**
 * A hand-written future the test controls: `resolve(v)` / `reject(e)` complete it (and wake
 * the latest waker), and it records polls, cancels and the waker it holds — so tests can
 * check rule 1 (latest waker), rule 4 (nothing stays registered) and rule 7 (laziness).
 * The core tests' defaults on top of `@pollable/core/testing`'s `ManualFuture`.
 */
export class Probe<T = number, E = Error> extends ManualFuture<T, E> {
  constructor(name = "probe") {
    super(name)
  }
  /** Completed: a poll returned its value or threw. */
  get done(): boolean {
    return this.completed
  }
}

export class Boom extends Error {
  readonly _tag = "Boom"
  constructor(msg = "boom") {
    super(msg)
  }
}
export class Bang extends Error {
  readonly _tag = "Bang"
}

/** Run `f` on a manual executor with a virtual clock until nothing is left (every timer fired); its outcome. */
export function runToEnd<T, E>(f: Future<T, E>): Outcome<T, E> {
  const ex = new ManualExecutor({ timer: new VirtualClock() })
  const h = ex.spawn(f)
  ex.runUntilStalled()
  ex.clock!.runAll()
  return h.outcome!
}
