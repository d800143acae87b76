import type { ObservableInput, Unsubscribable } from "rxjs"
import { FutureBase, Pending, type Context, type Poll, type Waker, type Pollable } from "@pollable/core"
import { collect, plan, type Collected, type CollectMode, type CollectPlan } from "./collect.js"
import { unsubscribeQuietly } from "./unsubscribe.js"

/** Options of {@link fromObservable}. */
export interface FromObservableOptions<D = never> {
  /**
   * `"last"` (default): the last value once the Observable completes. `"first"`: the first
   * value, then the Observable is unsubscribed. `"toArray"`: every value, at completion.
   */
  readonly mode?: CollectMode | undefined
  /** Returned when the Observable completes without a value (instead of `EmptyObservableError`). */
  readonly default?: D
}

class FromObservable<R> extends FutureBase<R, unknown> {
  #plan: CollectPlan<unknown>
  #sub: Unsubscribable | undefined
  #result: Collected<unknown> | undefined
  #waker: Waker | undefined
  constructor(p: CollectPlan<unknown>) {
    super()
    this.#plan = p
  }
  get label(): string {
    return this.#plan.what
  }
  protected step(cx: Context): Poll<R> {
    if (this.#sub === undefined && this.#result === undefined) {
      // Rule 7: subscribe at the first poll, not at creation.
      this.#sub = collect(this.#plan, this.#done)
    }
    const r = this.#result
    if (r === undefined) {
      this.#waker = cx.waker // rule 1: only the latest waker
      return Pending
    }
    this.#sub = undefined
    if (r.ok) return r.value as R
    throw r.error
  }
  readonly #done = (r: Collected<unknown>): void => {
    if (this.state !== 0) return
    this.#result = r
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }
  protected onCancel(): void {
    const sub = this.#sub
    this.#sub = undefined
    this.#waker = undefined
    unsubscribeQuietly(sub, "fromObservable: unsubscribing on cancel")
  }
}

/**
 * A future of an Observable's value(s) — the Observable → Future bridge.
 *
 * @param source any `ObservableInput` (Observable, Promise, iterable, async iterable, InteropObservable).
 * @remarks
 * - Lazy (rule 7): the Observable is subscribed at the first poll.
 * - Cancel safety: cancelling unsubscribes the Observable; no value is lost that the
 *   future could have returned, since it returns only once.
 * - An Observable error is thrown from `poll` as it is, so it survives Observable → Future →
 *   Observable unchanged.
 * @throws InvalidArgument at call time when `source` is no `ObservableInput` or `mode` is unknown.
 * @throws EmptyObservableError at poll when the Observable completes without a value and no `default` is given (not in
 * `"toArray"` mode).
 * @example
 * ```ts
 * const user = gen(function* () {
 *   const token = yield* fromObservable(token$, { mode: "first" })
 *   return yield* fetchUser(token)
 * })
 * ```
 */
export function fromObservable<T>(
  source: ObservableInput<T>,
  options: FromObservableOptions & { readonly mode: "toArray" },
): Pollable<T[], unknown>
export function fromObservable<T, D>(
  source: ObservableInput<T>,
  options: FromObservableOptions<D> & { readonly mode?: "first" | "last" | undefined; readonly default: D },
): Pollable<T | D, unknown>
export function fromObservable<T>(
  source: ObservableInput<T>,
  options?: FromObservableOptions & { readonly mode?: "first" | "last" | undefined },
): Pollable<T, unknown>
export function fromObservable(
  source: ObservableInput<unknown>,
  options?: FromObservableOptions<unknown>,
): Pollable<unknown, unknown> {
  return new FromObservable(plan(source, options?.mode ?? "last", options, "fromObservable"))
}
