/**
 * @pollable/core/adapter — what an adapter package needs to run pollable futures in its
 * runtime's idiom, and nothing an application calls: running a future on the per-call,
 * `withExecutor` or selected executor ({@link spawnOn}, {@link startOn}, and {@link startNow},
 * whose future makes no task when it finishes at its first poll), offering the
 * adapter's own executor ({@link OwnExecutor}), the store behind `withExecutor`
 * ({@link useExecutorStore}), the argument checks core uses, so an adapter refuses bad
 * input with the same `InvalidArgument` wording core does, and the building blocks of an I/O
 * source and a listener ({@link ReadinessSlot}, {@link AcceptQueue}).
 * @module \@pollable/core/adapter
 */
export {
  spawnOn,
  startOn,
  startNow,
  resetSelection,
  type OwnExecutor,
  type SelectableAdapter,
} from "../executor-choice/default-executor.js"
export { Threw, takeStartedHandle, takeStartError } from "../executor/first-poll.js"
export { currentExecutor, useExecutorStore, type ExecutorStore } from "../executor-choice/current.js"
export { checkScopeArgs } from "../scope/scope.js"
export {
  describeArgument,
  checkDuration,
  checkFunction,
  checkCount,
  checkCountOption,
  checkFuture,
  checkFutures,
  checkStream,
  checkIterable,
  checkSignal,
  checkExecutor,
  checkTimer,
  checkOptions,
  checkMethods,
  isFutureLike,
} from "../internal/check.js"
export { ReadinessSlot } from "../io/readiness-slot.js"
export { AcceptQueue } from "../io/accept-queue.js"
