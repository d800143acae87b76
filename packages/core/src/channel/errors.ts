import { PollableError } from "../errors.js"

/**
 * A broadcast receiver fell more than the channel's capacity behind: the oldest `skipped`
 * values were overwritten before it read them. The receiver stays usable and continues
 * with the oldest value still retained.
 */
export class Lagged extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "Lagged", …)`, Effect's `catchTag`. */
  readonly _tag = "Lagged" as const
  constructor(readonly skipped: number) {
    super(
      `a broadcast receiver missed ${skipped} value(s) that were overwritten before it read them; ` +
        "keep polling to continue from the oldest retained value, or raise the channel capacity",
    )
  }
}
