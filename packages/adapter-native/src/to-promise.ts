import { startOn, type Executor, type Future } from "@pollable/core"
import { checkFuture, checkSignal } from "./check.js"
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
 * `await`, it is polled once right away on the caller's stack, as a task of the executor;
 * if it must wait, the executor polls it again when it is woken. A future that finishes at
 * that first poll settles the Promise without a trip through the run queue.
 *
 * @example
 * ```ts
 * const ac = new AbortController()
 * const p = toPromise(timeout(fetchPage(url), 5_000), { signal: ac.signal })
 * ac.abort(new Error("user left")) // p rejects with that error; the future is cancelled
 * ```
 * @throws (rejects with) `signal.reason` when the signal aborts first — also when it is already aborted.
 * @throws (rejects with) `Interrupted` when the task is cancelled in another way.
 * @throws InvalidArgument (at call time) when `future` is not a Future or `signal` not an AbortSignal.
 * @remarks Cancel safety: aborting the signal cancels the future (rule 4) before the
 * rejection is observed; the task's own rejection is handled, so nothing is reported as
 * an unhandled rejection.
 */
export function toPromise<T, E>(future: Future<T, E>, options: ToPromiseOptions = {}): Promise<T> {
  checkFuture("toPromise(future)", future)
  const { signal, executor } = options
  checkSignal("toPromise(future, { signal })", signal)
  if (signal?.aborted === true) {
    future.cancel()
    return Promise.reject(signal.reason)
  }
  const handle = startOn(future, executor, ownNative)
  const o = handle.outcome
  if (o !== undefined && o._tag !== "Interrupted") return o._tag === "Success" ? Promise.resolve(o.value) : Promise.reject(o.error)
  if (signal === undefined) return new Promise<T>((resolve, reject) => handle.then(resolve, reject))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason)
      handle.cancel()
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
