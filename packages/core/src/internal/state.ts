/**
 * The lifecycle of a `FutureBase` or `StreamBase` (its protected `state` field): running until
 * it returns, throws or ends (`COMPLETED`), or until it is cancelled (`CANCELLED`).
 *
 * Plain numeric constants, not an enum or an object: the build inlines them, so the hot path
 * compares a field with a literal. Subclasses outside core (adapters) import them from
 * `@pollable/core` to read `state`.
 */

/** Still running: the future may be polled (a stream: `pollNext`ed) and cancelled. */
export const RUNNING = 0 as const
/** Returned a value, threw, or (a stream) ended: polling again throws `PollAfterReady`. */
export const COMPLETED = 1 as const
/** Cancelled: polling throws `PollAfterReady`; no callback of it runs any more (rule 4). */
export const CANCELLED = 2 as const

/** The value of a `FutureBase` / `StreamBase` `state` field. */
export type LifeState = typeof RUNNING | typeof COMPLETED | typeof CANCELLED
