import { scope, type Scope, type ScopeOptions } from "@pollable/core"
import { checkScopeArgs } from "@pollable/core/adapter"
import type { Observable } from "rxjs"
import { toObservable, type ToObservableOptions } from "./to-observable.js"

/** Options of {@link scopeToObservable}: the scope's policy plus where to run it. */
export interface ScopeToObservableOptions extends ToObservableOptions, ScopeOptions {}

/**
 * A pollable {@link scope} as a cold Observable: each subscription runs a fresh scope,
 * emits the body's value and completes when the scope ends (every child ended); it errors
 * with the first failure (fail-fast) or `ChildrenFailed` (`mode: "collectAll"`).
 *
 * @example
 * ```ts
 * const both$ = scopeToObservable(function* (s) {
 *   const a = s.spawn(fetchPage(1))
 *   const b = s.spawn(fetchPage(2))
 *   return [yield* a, yield* b]
 * })
 * const sub = both$.subscribe(console.log)
 * sub.unsubscribe() // cancels both fetches at once
 * ```
 * @remarks Cancel safety: unsubscribing cancels every child and the body at once.
 * @throws InvalidArgument (at call time) when `body` is not a function or an option is malformed (see
 * `checkScopeArgs`).
 */
export function scopeToObservable<Y, T, EC = unknown>(
  body: (s: Scope<EC>) => Generator<Y, T, any>,
  options: ScopeToObservableOptions = {},
): Observable<T> {
  checkScopeArgs("scopeToObservable", body, options)
  const name = options.name ?? (body.name || "anonymous")
  return toObservable(() => scope(body, { mode: options.mode, name }), options)
}
