import { Observable, asapScheduler, type SchedulerLike, type Subscriber } from "rxjs"
import {
  FutureBase,
  Interrupted,
  cancelQuietly,
  InvalidArgument,
  reportFault,
  Pending,
  defaultExecutor,
  type Context,
  type Executor,
  type Future,
  type JoinHandle,
  type Poll,
} from "@pollable/core"
import {
  checkExecutor,
  checkFunction,
  checkOptions,
  isFutureLike,
  startNow,
  Threw,
  takeStartError,
  takeStartedHandle,
  type OwnExecutor,
} from "@pollable/core/adapter"
import { RxjsExecutor } from "./rxjs-executor.js"
import { checkInterruptedPolicy, checkScheduler } from "./check.js"

/** Options of {@link toObservable} and {@link streamToObservable}. */
export interface ToObservableOptions {
  /**
   * The scheduler a fresh {@link RxjsExecutor} per subscription runs on. Default
   * `asapScheduler` (virtual inside `TestScheduler.run`). Ignored when `executor` is given.
   */
  readonly scheduler?: SchedulerLike | undefined
  /** Run on this executor instead (any pollable executor: native, reference, ManualExecutor…). */
  readonly executor?: Executor | undefined
  /**
   * What the Observable does when the future ends interrupted (it, or something it
   * awaited, was cancelled — not by this unsubscribe): `"complete"` without a value
   * (default), or `"error"` with the `Interrupted` error.
   */
  readonly interrupted?: "complete" | "error" | undefined
}

/** @internal Which executor a subscription runs on. */
export const executorFor = (options: ToObservableOptions): Executor =>
  options.executor ?? (options.scheduler !== undefined ? new RxjsExecutor(options.scheduler) : defaultExecutor(ownRxjs))

/**
 * An executor on `asapScheduler` that no subscription uses: the last one lent to a
 * subscription whose future finished at its first poll, before anything was queued or
 * scheduled on it. It is as good as new, so the next subscription takes it instead of
 * building one.
 */
let idle: RxjsExecutor | undefined
/** The executor {@link ownRxjs} lent to the subscription being started, if it did. */
let lent: RxjsExecutor | undefined

/** With nothing selected, each subscription gets its own RxjsExecutor on `asapScheduler`. @internal */
const ownRxjs: OwnExecutor = {
  kind: "rxjs",
  executor: () => {
    const ex = idle ?? new RxjsExecutor(asapScheduler)
    idle = undefined
    lent = ex
    return ex
  },
}

/**
 * Start `task` for a subscription: its first poll happens now, and only a task that must wait
 * is kept by an executor (its handle is returned; `undefined` when it finished at once). An own
 * executor it left untouched is kept for the next subscription.
 */
function startTask(task: Emit<unknown>, options: ToObservableOptions): JoinHandle<void, never> | undefined {
  lent = undefined
  const r = startNow(
    task,
    options.executor ?? (options.scheduler !== undefined ? new RxjsExecutor(options.scheduler) : undefined),
    ownRxjs,
  )
  const ex = lent as RxjsExecutor | undefined
  lent = undefined
  // Emit delivers its outcome to the subscriber itself; a throw past it has no caller (rule 8)
  if (r === Threw) reportFault(takeStartError(), "toObservable: the subscription's task threw")
  const handle = r === Pending ? takeStartedHandle<void, never>() : undefined
  if (ex !== undefined && handle === undefined && ex.queued === 0 && (ex.timer as { size?: number }).size === 0)
    idle = ex
  return handle
}

/** @internal Refuses a bad `scheduler`, `executor` or `interrupted` option at call time. */
export function checkRunOptions(what: string, options: ToObservableOptions): void {
  checkOptions(`${what}(..., options)`, options)
  checkExecutor(`${what}(..., { executor })`, options.executor, true)
  if (options.scheduler !== undefined) checkScheduler(`${what}(..., { scheduler })`, options.scheduler)
  checkInterruptedPolicy(`${what}(..., { interrupted })`, options.interrupted)
}

/** @internal Deliver a failure to `subscriber` under the interrupted policy. */
export function deliverError(subscriber: Subscriber<unknown>, error: unknown, policy: "complete" | "error"): void {
  if (error instanceof Interrupted && policy === "complete") subscriber.complete()
  else subscriber.error(error)
}

/** The task of one subscription: polls the future and pushes its outcome into the subscriber. */
class Emit<T> extends FutureBase<void, never> {
  #inner: Future<T, unknown> | undefined
  constructor(
    inner: Future<T, unknown>,
    readonly subscriber: Subscriber<T>,
    readonly policy: "complete" | "error",
  ) {
    super()
    this.#inner = inner
  }
  get label(): string {
    return `toObservable(${String(this.#inner)})`
  }
  protected step(cx: Context): Poll<void> {
    const inner = this.#inner!
    let r: Poll<T>
    try {
      r = inner.poll(cx)
    } catch (e) {
      this.#inner = undefined
      deliverError(this.subscriber, e, this.policy)
      return undefined
    }
    if (r === Pending) return Pending
    // Ended: drop the reference first, so the teardown that `complete()` runs does not cancel it.
    this.#inner = undefined
    this.subscriber.next(r as T)
    this.subscriber.complete()
    return undefined
  }
  protected onCancel(): void {
    const inner = this.#inner
    this.#inner = undefined
    inner?.cancel()
  }
}

/**
 * A cold Observable of one future: each subscription calls `make()` and spawns the future;
 * success is `next(value)` then `complete()`, failure is `error(e)`.
 *
 * @param make builds the future, once per subscription.
 * @remarks
 * - Cancel safety: unsubscribing cancels the future and everything it awaits (timers,
 *   children) before `unsubscribe()` returns.
 * - Interrupted (rule 6): when the future ends with `Interrupted`, the Observable completes
 *   without a value, or errors with it under `{ interrupted: "error" }`.
 * - Timing: the future is first polled on subscribe, like `defer`'s factory runs, so a
 *   future that is ready at once emits synchronously, as `of` does. Later polls and timers
 *   run on `scheduler` (default `asapScheduler`), so inside
 *   `TestScheduler.run` the future's `sleep`s take virtual frames:
 *   `toObservable(() => map(sleep(5), () => "a"))` is `"5ms (a|)"`.
 * @throws InvalidArgument when `make` is not a function, or `scheduler` / `interrupted` is not one of the allowed
 * values.
 * @example
 * ```ts
 * const page$ = toObservable(() => client.getPage(1))
 * const sub = page$.subscribe(console.log)
 * sub.unsubscribe()                                   // cancels getPage(1)
 * ```
 */
export function toObservable<T, E = unknown>(
  make: () => Future<T, E>,
  options: ToObservableOptions = {},
): Observable<T> {
  checkFunction("toObservable(make)", make)
  checkRunOptions("toObservable", options)
  const policy = options.interrupted ?? "complete"
  return new Observable<T>((subscriber) => {
    const future: unknown = make()
    if (!isFutureLike(future)) {
      throw new InvalidArgument(
        "toObservable(make)",
        `make() returned ${future === null ? "null" : typeof future}, not a Future`,
        "return a future from make, e.g. () => gen(...); wrap a Promise with fromPromise",
      )
    }
    // polled once right away, as `of`/`defer` emit on subscribe: a future that is ready at
    // once is delivered before subscribe returns; a waiting one goes on in the executor
    const handle = startTask(new Emit<T>(future as Future<T, E>, subscriber, policy) as Emit<unknown>, options)
    if (handle === undefined) return undefined
    // rule 8: unsubscribe never throws; a teardown fault goes to the executor's reporter
    return () => cancelQuietly(handle, "toObservable: cancelling the task on unsubscribe")
  })
}
