import type { Future } from "./future.js"
import type { Timer } from "./waker.js"
import type { TaskInfo } from "./task-info.js"

/** How a future ended when it was not interrupted: its value or its failure (what `result` gives). */
export type Result<T, E = unknown> =
  | { readonly _tag: "Success"; readonly value: T }
  | { readonly _tag: "Failure"; readonly error: E }

/** How a task ended: the three outcomes of rule 6 — a {@link Result} or interrupted. */
export type Outcome<T, E = unknown> = Result<T, E> | { readonly _tag: "Interrupted" }

/**
 * A running task. It is a `Future` (await it from another future, or with `yield*` in
 * `gen`), a `PromiseLike` (await it from async code) and cancellable.
 *
 * @remarks
 * - Awaiting (`then`) a cancelled task rejects with `Interrupted`; polling one throws it.
 * - A task whose future throws `Interrupted` (an aborted signal, an awaited cancelled task)
 *   ends with the interrupted outcome too (rule 6, as `settle`/`outcomeOf` classify it);
 *   awaiting or polling its handle rethrows that very error.
 * - `then` creates its promise on first use, so a task nobody awaits can never cause an
 *   unhandled rejection.
 */
export interface JoinHandle<T, E = unknown> extends Future<T, E>, PromiseLike<T> {
  /**
   * Cancels the task's future (rule 4) and settles the handle as interrupted. Never throws
   * (rule 8): a teardown that throws is reported to the executor's `onFault` reporter (else
   * the process-wide one) and the outcome stays interrupted.
   */
  cancel(): void
  /**
   * `cancel()`, for `using`: `using h = executor.spawn(f)` cancels the task when the block
   * ends, unless it already finished (then it does nothing).
   */
  [Symbol.dispose](): void
  /** The outcome once the task has ended, `undefined` while it runs. */
  readonly outcome: Outcome<T, E> | undefined
  /**
   * Await the task inside `gen`: `const v = yield* executor.spawn(f)` gives the task's value
   * `T` and adds `E` to the gen's error union — for every executor's handle.
   * @remarks Cancel safety: cancelling the gen while it awaits the handle cancels the task
   * (as cancelling any awaited future does).
   */
  [Symbol.iterator](): Iterator<Future<T, E>, T, any>
}

/**
 * Anything that can run futures: the reference executor and every adapter's (each one a
 * `LocalExecutor` with its runtime's hooks and clock).
 *
 * `spawn` never polls on the caller's stack (rule 7: the first poll happens in the next
 * drain); `timer` is the capability handed to every task's `Context`.
 */
export interface Executor {
  spawn<T, E>(future: Future<T, E>): JoinHandle<T, E>
  readonly timer: Timer
  /** A short human-readable name, e.g. `"native"` or `"rxjs (asap)"`. */
  describe?(): string
  /**
   * Its live tasks: id, name, state and what each waits on (see `TaskInfo`). Every
   * executor built on `LocalExecutor` — all of pollable's — has it.
   */
  tasks?(): TaskInfo[]
  /** {@link Executor.tasks} as a tree of text lines, at most 100 columns wide. */
  dump?(): string
}
