import { fromCallback, Interrupted, InvalidArgument, type Pollable } from "@pollable/core"
import { checkFunction, checkOptions, checkSignal } from "@pollable/core/adapter"

/** Options of {@link fromPromise}. */
export interface FromPromiseOptions<T = unknown> {
  /**
   * An outside reason to stop: when it aborts, the work's own signal is aborted and the
   * future fails with `Interrupted` carrying `signal.reason`.
   */
  readonly signal?: AbortSignal | undefined
  /**
   * Releases a value nobody will receive, for promises of resources (a file handle, a
   * connection): called when the promise fulfils after the future was cancelled or
   * interrupted (the work ignored its signal, or could not stop), or when it had fulfilled
   * but the future was cancelled before a poll returned the value. Never called for a
   * value the future returned. A throw from it is reported to the fault reporter
   * (`setFaultReporter`), as for `fromCallback`'s `dispose`.
   */
  readonly dispose?: ((value: T) => void) | undefined
}

/**
 * A future of the promise that `start(signal)` returns. Lazy (rule 7): `start` runs at the
 * first poll, not here. The three outcomes map back from the Promise (rule 6): fulfilment
 * is success, rejection is failure, and a rejection with `Interrupted` is thrown as
 * `Interrupted`, so `settle()` / `outcomeOf` see the interrupted outcome.
 *
 * It is core's `fromCallback` with the promise as the callback source: the same laziness,
 * cancel and `dispose` rules.
 *
 * @example
 * ```ts
 * const page = (url: string) => fromPromise((signal) => fetch(url, { signal }).then((r) => r.text()))
 * await toPromise(timeout(page("https://example.org"), 1_000)) // the fetch is aborted on timeout
 * ```
 * @param start receives an `AbortSignal` that is aborted when the future is cancelled
 * (reason: `Interrupted`) or `options.signal` aborts (reason: `options.signal.reason`).
 * @throws InvalidArgument when `start` is not a function, or `options.signal` not an AbortSignal.
 * @throws Interrupted at poll when `options.signal` aborted.
 * @remarks Cancel safety: cancelling aborts the signal given to `start` and drops the
 * result; a rejection that arrives after cancel is swallowed, never an unhandled rejection.
 * A value that arrives (or waits) unreturned is passed to `options.dispose`, so a promise of
 * a resource — `fromPromise(() => fs.promises.open(p), { dispose: (h) => void h.close() })` —
 * never leaks it when a timeout or a race abandons the future.
 */
export const fromPromise = <T, E = unknown>(
  start: (signal: AbortSignal) => PromiseLike<T> | T,
  options: FromPromiseOptions<T> = {},
): Pollable<T, E> => {
  if (typeof start !== "function") {
    throw new InvalidArgument(
      "fromPromise(start)",
      `expected a function returning a promise, got ${typeof start}`,
      "pass () => promise, not the promise itself",
    )
  }
  checkOptions("fromPromise(start, options)", options)
  checkSignal("fromPromise(start, { signal })", options.signal)
  if (options.dispose !== undefined) checkFunction("fromPromise(start, { dispose })", options.dispose)
  const outer = options.signal
  const label = `fromPromise(${start.name || "anonymous"})`
  return fromCallback<T, E>(
    (resolve, reject) => {
      const work = new AbortController()
      let settled = false
      // a synchronous throw from `start` is this future's failure (it propagates from the first poll)
      Promise.resolve(start(work.signal)).then(
        (v) => {
          settled = true
          resolve(v)
        },
        (e: unknown) => {
          settled = true
          reject(e as E)
        },
      )
      // runs on cancel, on an outside abort, and once the value was returned: only unsettled
      // work is aborted, so what a settled promise handed over (a fetch body) stays readable
      return () => {
        if (!settled) work.abort(outer?.aborted === true ? outer.reason : new Interrupted(label))
      }
    },
    { label, signal: outer, dispose: options.dispose },
  )
}
