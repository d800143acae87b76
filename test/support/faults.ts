import { afterEach, beforeEach } from "vitest"
import {
  gen,
  pending,
  Pending,
  setFaultReporter,
  type Context,
  type FaultReporter,
  type Future,
  type Waker,
} from "@pollable/core"

/** One fault handed to a fault reporter. */
export interface Fault {
  readonly error: unknown
  readonly origin: string
}

/**
 * Replace the process-wide fault reporter with one that records, for the length of a test.
 * Call `restore()` in `finally` / `afterEach`.
 */
function captureFaults(): { readonly faults: Fault[]; readonly report: FaultReporter; restore(): void } {
  const faults: Fault[] = []
  const report: FaultReporter = (error, origin) => void faults.push({ error, origin })
  const prev = setFaultReporter(report)
  return { faults, report, restore: () => void setFaultReporter(prev) }
}

/** A recorder to pass as an executor's `onFault`. */
export function faultLog(): { readonly faults: Fault[]; readonly onFault: FaultReporter } {
  const faults: Fault[] = []
  return { faults, onFault: (error, origin) => void faults.push({ error, origin }) }
}

/**
 * A hand-written future that never completes and whose `cancel()` throws `error` — after
 * recording that it was cancelled and dropping its waker, as a careless teardown would.
 */
export class ThrowingTeardown implements Future<never, never> {
  cancels = 0
  waker: Waker | undefined
  constructor(readonly error: unknown = new Error("teardown failed")) {}
  poll(cx: Context): typeof Pending {
    this.waker = cx.waker
    return Pending
  }
  cancel(): void {
    this.cancels++
    this.waker = undefined
    throw this.error
  }
}

/** A waker whose `wake()` throws (after counting the call). */
export class ThrowingWaker implements Waker {
  calls = 0
  constructor(readonly error: unknown = new Error("waker failed")) {}
  wake(): void {
    this.calls++
    throw this.error
  }
}

/**
 * Record `uncaughtException` and `unhandledRejection` events for the length of a test (the
 * test runner's own listeners are removed meanwhile and put back by `restore()`).
 */
function watchHost(): { readonly uncaught: unknown[]; readonly unhandled: unknown[]; restore(): void } {
  const uncaught: unknown[] = []
  const unhandled: unknown[] = []
  const onUncaught = (e: unknown): void => void uncaught.push(e)
  const onUnhandled = (e: unknown): void => void unhandled.push(e)
  const savedU = process.listeners("uncaughtException")
  const savedR = process.listeners("unhandledRejection")
  process.removeAllListeners("uncaughtException")
  process.removeAllListeners("unhandledRejection")
  process.on("uncaughtException", onUncaught)
  process.on("unhandledRejection", onUnhandled)
  return {
    uncaught,
    unhandled,
    restore() {
      process.removeListener("uncaughtException", onUncaught)
      process.removeListener("unhandledRejection", onUnhandled)
      for (const l of savedU) process.on("uncaughtException", l)
      for (const l of savedR) process.on("unhandledRejection", l)
    },
  }
}

/**
 * For a whole test file: record the process-wide reporter's faults (and, with `host`, the
 * host's uncaught exceptions and unhandled rejections) around each test. Read the returned
 * object's fields inside a test; they are fresh for every test.
 */
export function faultsPerTest(options: { host?: boolean } = {}): {
  faults: Fault[]
  uncaught: unknown[]
  unhandled: unknown[]
} {
  const state = { faults: [] as Fault[], uncaught: [] as unknown[], unhandled: [] as unknown[] }
  let undo: (() => void)[] = []
  beforeEach(() => {
    const cap = captureFaults()
    state.faults = cap.faults
    undo = [cap.restore]
    if (options.host === true) {
      const host = watchHost()
      state.uncaught = host.uncaught
      state.unhandled = host.unhandled
      undo.unshift(host.restore)
    }
  })
  afterEach(() => {
    for (const u of undo) u()
    undo = []
  })
  return state
}

/** A gen that waits forever and whose `finally` throws when it is cancelled. */
export const throwingFinally = (): Future<never> =>
  gen(function* () {
    try {
      return yield* pending<never>()
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      throw new Error("finally failed")
    }
  })
