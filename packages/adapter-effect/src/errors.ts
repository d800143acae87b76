import { DefectMark, InvalidArgument, PollableError } from "@pollable/core"
import { describeArgument } from "@pollable/core/adapter"
import type * as Cause from "effect/Cause"
import * as EffectCause from "effect/Cause"

/**
 * An Effect ended with a defect (`Effect.die`, a throw inside `Effect.sync`, …) and was run
 * as a pollable future by {@link fromEffect}. Defects are not part of an Effect's typed
 * error channel, so they are not part of the future's `E` either: the future fails with
 * this error, which carries the original `defect` and the full `cause`.
 *
 * {@link toEffect} recognises it and turns it back into the same defect
 * (`Effect.failCause(cause)`), so a die survives Effect → Future → Effect unchanged.
 */
export class EffectDefect extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "EffectDefect", …)`, Effect's `catchTag`. */
  readonly _tag = "EffectDefect" as const
  /** A defect, not a failure: `catchError`, `catchTag`, `mapError` and `result` let it pass. */
  readonly [DefectMark] = true as const
  constructor(
    /** The first defect of the cause (what `Effect.die` was given). */
    readonly defect: unknown,
    /** The whole cause of the failed Exit. */
    override readonly cause: Cause.Cause<unknown>,
  ) {
    super(
      `the Effect died with ${describe(defect)}; a defect is a bug, not a typed failure — ` +
        `fix the code that threw, or catch it inside the Effect (Effect.catchDefect) ` +
        `and turn it into a typed error`,
    )
  }

  /** Build from a cause that has defects but no typed failure. @internal */
  static fromCause(cause: Cause.Cause<unknown>): EffectDefect {
    const found = EffectCause.findDefect(cause)
    return new EffectDefect(found._tag === "Success" ? found.success : undefined, cause)
  }
}

function describe(defect: unknown): string {
  if (defect instanceof Error) return `${defect.name}: ${defect.message}`
  try {
    return String(defect)
  } catch {
    return "a value that cannot be printed"
  }
}

/**
 * @internal Refuses an Effect service (a Clock, a Scheduler) that lacks the method the
 * adapter calls on it; `undefined` passes when `optional`.
 */
export function checkEffectService(where: string, x: unknown, method: string, what: string, optional = true): void {
  if (x === undefined && optional) return
  if (typeof x !== "object" || x === null || typeof (x as Record<string, unknown>)[method] !== "function") {
    throw new InvalidArgument(
      where,
      `expected ${what} with ${method}(), got ${describeArgument(x)}`,
      optional ? "pass one, or leave the option out for Effect's default" : "pass one",
    )
  }
}
