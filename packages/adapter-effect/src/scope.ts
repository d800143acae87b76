import { scope, type ChildrenFailed, type Scope, type ScopeOptions, type YieldedError } from "@pollable/core"
import { checkScopeArgs } from "@pollable/core/adapter"
import type * as Effect from "effect/Effect"
import { toEffect, type ToEffectOptions } from "./to-effect.js"

/** Options of {@link scopeToEffect}: the scope's policy plus how to run it. */
export interface ScopeToEffectOptions extends ToEffectOptions, ScopeOptions {}

/**
 * A pollable {@link scope} as an Effect: running it runs a fresh scope; it succeeds with the
 * body's value once every child ended, fails with the first failure (fail-fast) or
 * `ChildrenFailed` (`mode: "collectAll"`) in the typed error channel.
 *
 * Interrupting the fiber — directly, by a timeout, by a losing race, or by closing the
 * Effect `Scope` it was `forkScoped` into (its finalizers run) — cancels every child and
 * the body of the pollable scope at once.
 *
 * @example
 * ```ts
 * const both = scopeToEffect(function* (s: Scope<FetchError>) {
 *   const a = s.spawn(fetchPage(1))
 *   const b = s.spawn(fetchPage(2))
 *   return [yield* a, yield* b]
 * })                                      // Effect<string[], FetchError>
 * Effect.timeout(both, "5 seconds")       // the timeout interrupts → both fetches cancelled
 * ```
 * @remarks Cancel safety: interruption cancels the whole tree synchronously.
 * @throws InvalidArgument (at call time) when `body` is not a function or an option is malformed (see
 * `checkScopeArgs`).
 */
export function scopeToEffect<Y, T, EC = unknown>(
  body: (s: Scope<EC>) => Generator<Y, T, any>,
  options?: ScopeToEffectOptions & { readonly mode?: "failFast" | undefined },
): Effect.Effect<T, YieldedError<Y> | EC>
export function scopeToEffect<Y, T, EC = unknown>(
  body: (s: Scope<EC>) => Generator<Y, T, any>,
  options: ScopeToEffectOptions & { readonly mode: "collectAll" },
): Effect.Effect<T, YieldedError<Y> | EC | ChildrenFailed<EC>>
export function scopeToEffect<Y, T, EC = unknown>(
  body: (s: Scope<EC>) => Generator<Y, T, any>,
  options: ScopeToEffectOptions = {},
): Effect.Effect<T, YieldedError<Y> | EC | ChildrenFailed<EC>> {
  checkScopeArgs("scopeToEffect", body, options)
  const name = options.name ?? (body.name || "anonymous")
  return toEffect(() => scope(body, { mode: options.mode, name }), options) as Effect.Effect<
    T,
    YieldedError<Y> | EC | ChildrenFailed<EC>
  >
}
