import type { Poll } from "./poll.js"
import type { Context, Waker } from "./waker.js"

/**
 * The sentinel a stream returns from `pollNext` when it has no more items.
 *
 * A registered symbol (`Symbol.for`), like {@link Pending}, so two copies of core agree on it.
 */
export const Done: unique symbol = Symbol.for("pollable.Done")

/** True when `x` is the {@link Done} sentinel. */
export const isDone = (x: unknown): x is typeof Done => x === Done

/**
 * A lazy, cancellable sequence of items, polled one item at a time — the `Future` contract
 * applied to many values.
 *
 * The future rules carry over item by item:
 * 1. `pollNext` returns `Pending` only after arranging for `cx.waker` to be woken; only the
 *    waker of the most recent poll must be woken.
 * 2. Spurious wakes are harmless; `wake()` only schedules.
 * 3. After `pollNext` returned `Done` or threw, polling again throws `PollAfterReady`.
 * 4. `cancel()` is idempotent and releases every timer, listener and waker.
 * 7. Creating a stream does nothing; work starts at the first `pollNext`.
 * 8. `cancel()` never throws; a teardown fault is reported or attached as `suppressed`.
 *
 * `E` is the type of what `pollNext` may throw (phantom, as on `Future`).
 */
export interface Stream<T, E = unknown> {
  /**
   * Try to produce the next item.
   * @returns an item, `Done` when the stream ended, or `Pending` after registering `cx.waker`.
   * @throws E when the stream fails.
   * @throws PollAfterReady when called after `Done`, a throw, or `cancel()`.
   */
  pollNext(cx: Context): Poll<T | typeof Done>
  /** Abandon the stream (rule 4). Idempotent. */
  cancel(): void
  /**
   * Optional: forget what the latest `pollNext` registered for `waker` — the waker reference
   * and any timer armed only to wake it — without ending the stream and without losing an
   * item (the next `pollNext` registers again). Does nothing when `waker` is not the one
   * registered (another consumer polled since). `next()` calls it when it is cancelled
   * (rule 4 for the consumer: a cancelled `next()` leaves nothing registered).
   *
   * A stream that does not implement it keeps the last waker until its next poll or its
   * cancel; `next()` polls every stream through a waker of its own, so what such a stream
   * keeps is a dead relay, never the cancelled consumer's waker. Work the stream keeps in
   * flight across polls so that no item is lost (an `unfold` step future, a `takeUntil`
   * stop future, an async iterator's pending `next()`) belongs to the stream and is released
   * by `cancel()`, not by `dropWaker`.
   */
  dropWaker?(waker: Waker): void
  /** Phantom: the failure type. Never present at run time. */
  readonly "~error"?: E | undefined
}

/** The item type of a stream. */
export type ItemOf<S> = S extends Stream<infer T, any> ? T : never
/** The failure type of a stream. */
export type StreamErrorOf<S> = S extends Stream<any, infer E> ? E : never
