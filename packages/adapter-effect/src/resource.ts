import { reportFault, type Acquired, type Resource } from "@pollable/core"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { toEffect, type ToEffectOptions } from "./to-effect.js"

/**
 * A pollable {@link Resource} (from `acquireRelease`) as Effect's `acquireRelease`: an
 * `Effect<R, E, Scope>` that acquires when run and adds the release to the surrounding Effect
 * `Scope`, so `Effect.scoped` (or the scope's close) releases it exactly once — on success,
 * failure and interruption. `make` runs once per run of the Effect: a resource, like every
 * future, is used once.
 *
 * Unlike a plain Effect acquire, the acquire is interruptible: interrupting the fiber during
 * it cancels the pollable acquire, and nothing is released, as nothing was acquired. A release function that throws is
 * reported to the fault reporter (`reportFault`) and never turns the scope's outcome into a defect.
 *
 * @throws InvalidArgument (at call time) when `make` is not a function.
 * @example
 * ```ts
 * const conn = resourceToEffect(() => acquireRelease(connect(url), (c) => c.close()))
 * const rows = Effect.scoped(Effect.flatMap(conn, (c) => toEffect(() => c.query("select 1"))))
 * ```
 */
export function resourceToEffect<R, E>(
  make: () => Resource<R, E>,
  options?: ToEffectOptions,
): Effect.Effect<R, E, Scope.Scope> {
  const acquire: Effect.Effect<Acquired<R>, E> = toEffect(make, options)
  const release = (held: Acquired<R>) =>
    Effect.sync(() => {
      try {
        held.release()
      } catch (e) {
        reportFault(e, "the release function of a resource closed by an Effect Scope threw")
      }
    })
  // the acquire may be interrupted: cancelling a pollable acquire leaves nothing to release
  return Effect.map(Effect.acquireRelease(acquire, release, { interruptible: true }), (held) => held.value)
}
