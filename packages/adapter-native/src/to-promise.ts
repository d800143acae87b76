import { Pending, cancelQuietly, type Executor, type Future, type JoinHandle } from "@pollable/core"
import {
  Threw,
  checkExecutor,
  checkFuture,
  checkOptions,
  checkSignal,
  startNow,
  takeStartError,
  takeStartedHandle,
} from "@pollable/core/adapter"
import { ownNative } from "./native-executor.js"

/** Options of {@link toPromise}. */
export interface ToPromiseOptions {
  /** Aborting it cancels the future; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined
  /**
   * Run on this executor. Default: the innermost `withExecutor` scope, else the executor
   * selected by `POLLABLE_EXECUTOR` / the export condition, else a `NativeExecutor`.
   */
  readonly executor?: Executor | undefined
}

/**
 * Run `future` and return a Promise of its value. The three outcomes map onto the
 * Promise (rule 6): success fulfils with the value, failure rejects with the thrown
 * error, interruption rejects with `Interrupted`.
 *
 * The future starts now (a Promise is eager): like an async function running to its first
 * `await`, it is polled once right away on the caller's stack by the executor; if it must
 * wait, it becomes a task of the executor, polled again when it is woken. A future that
 * finishes at that first poll settles the Promise without a task or a trip through the run
 * queue.
 *
 * @example
 * ```ts
 * const ac = new AbortController()
 * const p = toPromise(timeout(fetchPage(url), 5_000), { signal: ac.signal })
 * ac.abort(new Error("user left")) // p rejects with that error; the future is cancelled
 * ```
 * @throws (rejects with) `signal.reason` when the signal aborts first — also when it is already aborted.
 * @throws (rejects with) `Interrupted` when the task is cancelled in another way.
 * @throws InvalidArgument (at call time) when `future` is not a Future, `signal` not an
 * AbortSignal or `executor` not an executor.
 * @remarks Cancel safety: aborting the signal cancels the future (rule 4) before the
 * rejection is observed; the task's own rejection is handled, so nothing is reported as
 * an unhandled rejection. A teardown that throws during that cancel never replaces the
 * abort reason and never becomes an uncaught exception: it goes to the executor's
 * `onFault`, else the process-wide fault reporter (rule 8).
 */
export function toPromise<T, E>(future: Future<T, E>, options?: ToPromiseOptions): Promise<T> {
  checkFuture("toPromise(future)", future)
  let signal: AbortSignal | undefined
  let executor: Executor | undefined
  // no options (the common per-call use): nothing to check, and no empty object made
  if (options !== undefined) {
    ;({ signal, executor } = checkOptions("toPromise(future, options)", options))
    checkSignal("toPromise(future, { signal })", signal)
    checkExecutor("toPromise(future, { executor })", executor, true)
  }
  if (signal?.aborted === true) {
    cancelQuietly(future, "toPromise: cancelling a future whose signal was already aborted")
    return Promise.reject(signal.reason)
  }
  // a future that finishes at its first poll settles the Promise without becoming a task
  const r = startNow(future, executor, ownNative)
  if (r === Threw) return Promise.reject(takeStartError())
  if (r !== Pending) return Promise.resolve(r)
  return whenSettled(takeStartedHandle<T, E>(), signal)
}

/**
 * The Promise of a task that must wait: settled with its outcome, or rejected with the abort
 * reason when `signal` aborts first (then the task is cancelled). A function of its own, so
 * the closures it makes cost nothing to the call that finishes at once.
 */
function whenSettled<T, E>(handle: JoinHandle<T, E>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return new Promise<T>((resolve, reject) => handle.then(resolve, reject))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      // the abort reason is the outcome (rule 8): a teardown that throws is reported, never
      // thrown out of this event listener (where it would be an uncaught exception)
      reject(signal.reason)
      cancelQuietly(handle, "toPromise: cancelling the task on abort")
    }
    signal.addEventListener("abort", onAbort, { once: true })
    handle.then(
      (v) => {
        signal.removeEventListener("abort", onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort)
        reject(e)
      },
    )
  })
}
