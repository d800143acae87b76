/**
 * Rule 8's one place for faults that have no caller to go to: a teardown that threw while a
 * future was being cancelled, a `wake()` that threw, a connection handler that failed.
 *
 * A fault is reported, never thrown at whoever called `cancel()` or `wake()`, and never
 * allowed to replace an outcome that was already decided. Where an error is being raised
 * anyway, the fault is attached to it as `suppressed` instead.
 */

/** Receives a fault: the error and a short description of where it happened. */
export type FaultReporter = (error: unknown, origin: string) => void

/** The default reporter: prints the fault on the console and lets the program go on. */
const consoleReporter: FaultReporter = (error, origin) => {
  const c = (globalThis as { console?: { error?: (...args: unknown[]) => void } }).console
  c?.error?.(`pollable: a fault was reported (${origin}); the decided outcome was kept:`, error)
}

const state: { reporter: FaultReporter; scoped: FaultReporter | undefined } = {
  reporter: consoleReporter,
  scoped: undefined,
}

/**
 * Report a fault to the current reporter: the `onFault` reporter of the executor that is
 * polling or cancelling its tasks right now, else the process-wide one. Never throws: a
 * reporter that throws is itself reported to the console.
 */
export function reportFault(error: unknown, origin: string): void {
  const r = state.scoped ?? state.reporter
  try {
    r(error, origin)
  } catch (e) {
    if (r !== consoleReporter) consoleReporter(e, `the fault reporter threw while reporting ${origin}`)
  }
}

/**
 * Replace the process-wide fault reporter (the console by default). Returns the previous
 * one, so a test can restore it. Pass `undefined` to go back to the console.
 */
export function setFaultReporter(reporter: FaultReporter | undefined): FaultReporter {
  const prev = state.reporter
  state.reporter = reporter ?? consoleReporter
  return prev
}

/** The current process-wide fault reporter. */
export function currentFaultReporter(): FaultReporter {
  return state.reporter
}

/**
 * Make `reporter` the one {@link reportFault} uses until {@link leaveFaultScope}; returns the
 * previous one. An executor calls it around the polls and cancels of its tasks, with its
 * `onFault` option (`undefined`: the process-wide reporter). @internal
 */
export function enterFaultScope(reporter: FaultReporter | undefined): FaultReporter | undefined {
  const prev = state.scoped
  state.scoped = reporter
  return prev
}

/** Restore what {@link enterFaultScope} returned. @internal */
export function leaveFaultScope(prev: FaultReporter | undefined): void {
  state.scoped = prev
}
