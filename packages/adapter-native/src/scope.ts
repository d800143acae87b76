import { gen, Interrupted, scope, type FutureBase, type Scope, type ScopeOptions } from "@pollable/core"
import { checkScopeArgs } from "@pollable/core/adapter"
import { toPromise, type ToPromiseOptions } from "./to-promise.js"

/** Options of {@link scopeToPromise}: where to run it, how to cancel it, the scope's policy. */
export interface ScopeToPromiseOptions extends ToPromiseOptions, ScopeOptions {}

/**
 * Run a pollable {@link scope} from async code. `options.signal` cancels the whole tree;
 * the body also receives an `AbortSignal` of its own that aborts (with `Interrupted`) when
 * the scope ends on any path — success, failure or cancel — so Promise-based work started
 * inside (`fromPromise(() => fetch(url, { signal }))`) never outlives the scope either.
 *
 * The returned Promise fulfils with the body's value once every child ended, rejects with
 * the first failure (fail-fast) or `ChildrenFailed` (`mode: "collectAll"`), or with
 * `signal.reason` when aborted.
 *
 * @example
 * ```ts
 * const ac = new AbortController()
 * const [a, b] = await scopeToPromise(function* (s, signal) {
 *   const a = s.spawn(fromPromise(() => fetch(urlA, { signal }).then((r) => r.text())))
 *   const b = s.spawn(fromPromise(() => fetch(urlB, { signal }).then((r) => r.text())))
 *   return [yield* a, yield* b] as const
 * }, { signal: ac.signal })
 * ```
 * @remarks Cancel safety: aborting `options.signal` cancels every child and the body at
 * once, then aborts the body's signal; the Promise rejects with `options.signal.reason`.
 * @throws (rejects with) `ChildrenFailed` in `collectAll` mode.
 * @throws InvalidArgument (at call time) when `body` is not a function or an option is malformed (see
 * `checkScopeArgs`).
 */
export function scopeToPromise<Y, T, EC = unknown>(
  body: (s: Scope<EC>, signal: AbortSignal) => Generator<Y, T, any>,
  options: ScopeToPromiseOptions = {},
): Promise<T> {
  checkScopeArgs("scopeToPromise", body, options)
  const ac = new AbortController()
  const sc = scope(
    function* (s: Scope<EC>) {
      return yield* body(s, ac.signal)
    },
    {
      mode: options.mode,
      name: options.name ?? (body.name || "anonymous"),
    },
  )
  return toPromise(gen(runThenAbort<T>, sc, ac), { signal: options.signal, executor: options.executor })
}

/** Runs the scope, then aborts its signal however it ended (defined once: see `gen(body, ...args)`). */
function* runThenAbort<T>(sc: FutureBase<T, unknown>, ac: AbortController): Generator<unknown, T, any> {
  try {
    return yield* sc
  } finally {
    ac.abort(new Interrupted(sc.label, "the scope ended"))
  }
}
