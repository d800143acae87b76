import { Interrupted, isMisuse, type Outcome } from "@pollable/core"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { EffectDefect } from "./errors.js"

/**
 * Rule 6, Effect side: map a fiber's `Exit` onto pollable's three outcomes.
 *
 * | Exit | Outcome |
 * |---|---|
 * | `Success(a)` | `Success(a)` |
 * | `Failure` whose cause has a `Fail` | `Failure(e)`, the first typed error |
 * | `Failure` with interrupts only | `Interrupted` |
 * | `Failure` with defects (and no `Fail`) | `Failure(EffectDefect)` carrying the defect and cause |
 */
export function exitToOutcome<A, E>(exit: Exit.Exit<A, E>): Outcome<A, E | EffectDefect> {
  if (exit._tag === "Success") return { _tag: "Success", value: exit.value }
  const cause = exit.cause
  const fail = Cause.findError(cause)
  if (fail._tag === "Success") return { _tag: "Failure", error: fail.success }
  if (Cause.hasInterruptsOnly(cause)) return { _tag: "Interrupted" }
  return { _tag: "Failure", error: EffectDefect.fromCause(cause) }
}

/** Options of {@link toEffect}, {@link outcomeToExit} and {@link outcomeToEffect}. */
export interface FailurePolicy {
  /**
   * Decides which thrown values are typed failures (`E`). A throw it rejects becomes a
   * defect (`Effect.die`). Default: every throw is a typed failure except pollable's misuse
   * errors (`PollAfterReady`, `MissingCapability`, `InvalidArgument`), which are defects.
   */
  readonly isFailure?: ((thrown: unknown) => boolean) | undefined
}

/** Pollable's errors that report a bug in the calling code rather than a failure of the work (core's `isMisuse`). */
export { isMisuse }

/**
 * Rule 6, the other way: an {@link Outcome} as an `Exit`.
 *
 * - `Success(v)` → `Exit.succeed(v)`; `Interrupted` (or a thrown `Interrupted`) → `Exit.interrupt()`.
 * - `Failure(EffectDefect)` → the defect's original cause (a die stays a die).
 * - Other failures → `Exit.fail(e)`, unless `policy` says the throw is a defect → `Exit.die(e)`.
 */
export function outcomeToExit<T, E>(outcome: Outcome<T, E>, policy?: FailurePolicy): Exit.Exit<T, E> {
  switch (outcome._tag) {
    case "Success":
      return Exit.succeed(outcome.value)
    case "Interrupted":
      return Exit.interrupt()
    case "Failure": {
      const e = outcome.error
      if (e instanceof Interrupted) return Exit.interrupt()
      if (e instanceof EffectDefect) return Exit.failCause(e.cause as Cause.Cause<E>)
      const typed = policy?.isFailure === undefined ? !isMisuse(e) : policy.isFailure(e)
      return typed ? Exit.fail(e) : Exit.die(e)
    }
  }
}

/** {@link outcomeToExit} as an Effect: `Effect.interrupt` for the interrupted outcome. */
export function outcomeToEffect<T, E>(outcome: Outcome<T, E>, policy?: FailurePolicy): Effect.Effect<T, E> {
  if (outcome._tag === "Interrupted" || (outcome._tag === "Failure" && outcome.error instanceof Interrupted)) {
    return Effect.interrupt
  }
  return outcomeToExit(outcome, policy)
}
