import type { Poll } from "./poll.js"
import type { Context } from "./waker.js"

/**
 * A lazy, cancellable computation that an executor drives by calling `poll`.
 *
 * The rules every implementation keeps (numbered as the conformance suite names them, each one tested):
 *
 * 1. **Latest waker.** `poll` returns `Pending` only after arranging for `cx.waker` to be
 *    woken when progress is possible. Only the waker from the most recent poll must be woken.
 * 2. **Spurious wakes.** A future tolerates being polled when nothing changed. `wake()`
 *    never polls synchronously: it only schedules.
 * 3. **Poll after ready.** After `poll` returned a value or threw, polling again throws
 *    `PollAfterReady` naming the future; it never hangs and never re-runs work.
 * 4. **Cancel is drop.** `cancel()` is idempotent; afterwards no callback of the future
 *    runs and nothing it registered (timer, listener, waker) stays registered.
 *    Combinators cancel what they abandon; adapters cancel on unsubscribe, interruption
 *    and abort.
 * 5. **Self-wake budget.** Waking from inside `poll` must not starve other tasks:
 *    executors re-queue such a task behind the others and yield to the host after a batch.
 * 6. **Three outcomes.** Success (a value), failure (a thrown `E`) and interrupted
 *    (cancelled) — every adapter maps them to its runtime and back.
 * 7. **Laziness.** Creating a future does nothing; work starts at the first poll.
 * 8. **Faults never replace a decided outcome and are never silent.** `cancel()` never
 *    throws to its caller. When a teardown throws (a gen's `finally`, a hand-written
 *    `cancel()`, a cleanup), the outcome already decided stands — a winner's value,
 *    `TimeoutError`, the first failure, an abort reason — and every other sibling is still
 *    cancelled. The teardown error is attached as `suppressed` to the error being raised
 *    (`suppressedOf`), or else reported with `reportFault`: to the `onFault` reporter of the
 *    executor polling or cancelling the task, else to the process-wide one, which never
 *    crashes the process. A value taken from a channel is either returned or never taken.
 *    Write `cancel()` so it does not throw; when a future you own may throw from it, cancel
 *    it with `cancelQuietly(f)`.
 *
 * `E` is the type of what `poll` may throw. It is carried by an optional phantom
 * property, so a hand-written `{ poll, cancel }` object is a `Future<T>` as it is.
 *
 * @example
 * ```ts
 * class Flag implements Future<void> {
 *   #set = false; #waker: Waker | undefined
 *   set() { this.#set = true; this.#waker?.wake() }
 *   poll(cx: Context) { if (this.#set) return undefined; this.#waker = cx.waker; return Pending }
 *   cancel() { this.#waker = undefined }
 * }
 * ```
 */
export interface Future<T, E = unknown> {
  /**
   * Try to make progress.
   * @returns the value, or `Pending` after registering `cx.waker`.
   * @throws E when the computation fails.
   * @throws PollAfterReady when called after the future returned or threw.
   */
  poll(cx: Context): Poll<T>
  /**
   * Abandon the future (rule 4). Idempotent. Must not throw (rule 8); callers in core cancel
   * through `cancelQuietly`, so one that does throw is reported, never propagated.
   */
  cancel(): void
  /** Phantom: the failure type. Never present at run time. */
  readonly "~error"?: E | undefined
  /**
   * Phantom: the value type. Never present at run time. It lets TypeScript read `T` directly:
   * from `poll`'s `T | Pending` alone, a future that cannot complete (`fail(e)`, `pending()`)
   * would infer `T` as the `Pending` symbol instead of `never`.
   */
  readonly "~value"?: T
}

/** The success type of a future (`never` for one that cannot complete, like `fail(e)`). */
export type ValueOf<F> = F extends Future<infer T, any> ? T : never
/**
 * The failure type of a future, read from its phantom `"~error"` property: `unknown` for a
 * hand-written future that declares none, `never` for one that cannot fail. (`undefined`
 * is dropped: the optional phantom cannot tell "fails with undefined" from "cannot fail".)
 */
export type ErrorOf<F> =
  F extends Future<any, any> ? (F extends { readonly "~error"?: infer E } ? Exclude<E, undefined> : unknown) : never

/**
 * The type to write in signatures: a {@link Future} that can also be awaited with `yield*`
 * inside `gen`, with `E` the exact set of failures. Every future pollable's packages return
 * is one, and a task's `JoinHandle` is `yield*`-able too; `wrap(f)` makes one of a hand-written `{ poll, cancel }`
 * future.
 *
 * Fail with `yield* fail(e)` to put `e`'s type in `E`: a bare `throw` inside a gen fails the
 * future at run time too, but TypeScript cannot see it.
 * @example
 * ```ts
 * function fetchUser(id: string): Pollable<User, NotFound> {
 *   return gen(function* () { ... })
 * }
 * const user = yield* fetchUser("42")   // inside another gen
 * ```
 */
export interface Pollable<T, E = never> extends Future<T, E> {
  /** The phantom failure type, as on {@link Future}; plain `E` so that `never` infers as `never`. */
  readonly "~error"?: E
  /** What `yield*` uses inside `gen`: the future's value becomes the expression's value. */
  [Symbol.iterator](): Iterator<Future<T, E>, T, any>
}
