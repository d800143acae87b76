import type { ObservableInput, Unsubscribable } from "rxjs"
import { Interrupted } from "@pollable/core"
import { checkSignal } from "@pollable/core/adapter"
import { collect, plan, type CollectMode } from "./collect.js"
import { unsubscribeQuietly } from "./unsubscribe.js"

/** Options of {@link firstValueFrom} and {@link lastValueFrom}. */
export interface ValueFromOptions<D = never> {
  /** Aborting unsubscribes the Observable and rejects with `Interrupted` (carrying `signal.reason`). */
  readonly signal?: AbortSignal | undefined
  /** Resolved with when the Observable completes without a value (instead of rejecting with `EmptyObservableError`). */
  readonly default?: D
}

function valueFrom(
  input: ObservableInput<unknown>,
  mode: CollectMode,
  options: ValueFromOptions<unknown> | undefined,
  what: string,
): Promise<unknown> {
  const p = plan(input, mode, options, what)
  const signal = options?.signal
  checkSignal(`${what}(source, { signal })`, signal)
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new Interrupted(p.what, signal.reason))
      return
    }
    let sub: Unsubscribable | undefined
    let settled = false
    const onAbort = (): void => {
      settled = true
      // the abort reason is the outcome: reject first; a throwing teardown is reported (rule 8)
      reject(new Interrupted(p.what, signal!.reason))
      unsubscribeQuietly(sub, `${p.what}: unsubscribing on abort`)
    }
    signal?.addEventListener("abort", onAbort, { once: true })
    sub = collect(p, (r) => {
      if (settled) return
      settled = true
      signal?.removeEventListener("abort", onAbort)
      if (r.ok) resolve(r.value)
      else reject(r.error)
    })
    // An abort fired inside the synchronous subscribe found no subscription to close yet.
    if (settled) unsubscribeQuietly(sub, `${p.what}: unsubscribing on abort`)
  })
}

/**
 * RxJS's `firstValueFrom` with an `AbortSignal`: resolves with the first value and
 * unsubscribes. Subscribes synchronously, like RxJS's own, so a hot source's value
 * emitted right after the call is not missed.
 * @remarks Cancel safety: aborting unsubscribes and rejects with `Interrupted`; the
 * abort listener is removed once the promise settles.
 * @throws EmptyObservableError (as a rejection) when the Observable completes empty and no `default` is given.
 * @example
 * ```ts
 * const ac = new AbortController()
 * const first = await firstValueFrom(clicks$, { signal: ac.signal })
 * ```
 */
export function firstValueFrom<T, D = never>(
  source: ObservableInput<T>,
  options?: ValueFromOptions<D>,
): Promise<T | D> {
  return valueFrom(source, "first", options, "firstValueFrom") as Promise<T | D>
}

/**
 * RxJS's `lastValueFrom` with an `AbortSignal`: resolves with the last value once the
 * Observable completes.
 * @remarks Cancel safety: aborting unsubscribes and rejects with `Interrupted`.
 * @throws EmptyObservableError (as a rejection) when the Observable completes empty and no `default` is given.
 */
export function lastValueFrom<T, D = never>(source: ObservableInput<T>, options?: ValueFromOptions<D>): Promise<T | D> {
  return valueFrom(source, "last", options, "lastValueFrom") as Promise<T | D>
}
