import { PollableError } from "../errors.js"

/** A `MutexGuard` or `Permit` was used after `release()` (or after its `using` block ended). */
export class UseAfterRelease extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "UseAfterRelease", …)`, Effect's `catchTag`. */
  readonly _tag = "UseAfterRelease" as const
  constructor(readonly what: string) {
    super(`${what} was used after it was released; keep the guard until you are done, and release it once`)
  }
}

/** The semaphore was closed with `close()`: no permit will ever be handed out again. */
export class SemaphoreClosed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "SemaphoreClosed", …)`, Effect's `catchTag`. */
  readonly _tag = "SemaphoreClosed" as const
  constructor() {
    super("acquire() on a closed Semaphore; closing is final — create a new Semaphore, or stop acquiring")
  }
}
