import { PollableError } from "../errors.js"

/**
 * Something tried to add work to a scope or a {@link JoinSet} that has already closed:
 * it completed, failed, or was cancelled. Nothing may outlive the scope that owns it, so
 * the late child is refused instead of being started unsupervised.
 */
export class ScopeClosed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ScopeClosed", …)`, Effect's `catchTag`. */
  readonly _tag = "ScopeClosed" as const
  constructor(
    readonly what: string,
    readonly why: "completed" | "failed" | "cancelled" | "disposed" = "completed",
  ) {
    super(
      `cannot spawn into ${what}: it already ${why}; spawn while the scope is running ` +
        `(from its body or a running child), or start a new scope for the late work`,
    )
  }
}

/**
 * A `scope(…, { mode: "collectAll" })` finished, and some children failed without anyone
 * awaiting their handles to observe the failure. `errors` holds every such failure, in the
 * order they happened.
 */
export class ChildrenFailed<E = unknown> extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ChildrenFailed", …)`, Effect's `catchTag`. */
  readonly _tag = "ChildrenFailed" as const
  constructor(
    readonly what: string,
    readonly errors: readonly E[],
  ) {
    super(
      `${errors.length} child(ren) of ${what} failed and nobody awaited their handle` +
        (errors.length > 0 ? ` (first: ${describe(errors[0])})` : "") +
        `; inspect .errors, or await a child's handle inside the body to handle its failure there`,
    )
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`
  return String(e)
}
