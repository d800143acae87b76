/**
 * @pollable/core — poll-based futures you write once and run on any executor.
 *
 * Contracts: {@link Future}, {@link Waker}, {@link Context}, {@link Timer}, {@link Executor}.
 * Everything else is built on them and runs on every executor.
 * @module \@pollable/core
 */
export * from "./contracts/index.js"
export {
  PollableError,
  PollAfterReady,
  MissingCapability,
  Interrupted,
  TimeoutError,
  InvalidArgument,
  ChannelClosed,
  MissingAdapter,
  ExecutorClosed,
} from "./errors.js"
export { FutureBase } from "./future-base.js"
export { CANCELLED, COMPLETED, type LifeState, RUNNING } from "./internal/state.js"
export { reportFault, setFaultReporter, currentFaultReporter, type FaultReporter } from "./fault/report.js"
export { addSuppressed, suppressedOf, cancelQuietly } from "./fault/teardown.js"
export { LocalExecutor, type LocalExecutorOptions, type SpawnOptions } from "./executor/local-executor.js"
export * from "./introspect/index.js"
export { TimerQueue, type ClockSource } from "./executor/timer-queue.js"
export { hostClock } from "./executor/host-clock.js"
export { hostMacrotask } from "./executor/host-macrotask.js"
export { ready } from "./combinators/ready.js"
export { pending } from "./combinators/pending.js"
export { pollFn } from "./combinators/poll-fn.js"
export { lazy, suspend } from "./combinators/lazy.js"
export { map, andThen } from "./combinators/chain.js"
export { join, joinAll, tryJoin, tryJoinAll, type JoinValues } from "./combinators/join.js"
export { select, selectAll, race, type Selected } from "./combinators/select.js"
export { selectFair } from "./combinators/select.js"
export { sleep } from "./combinators/sleep.js"
export { timeout } from "./combinators/timeout.js"
export { yieldNow } from "./combinators/yield-now.js"
export { abortable } from "./combinators/abortable.js"
export { shared, SharedFuture } from "./combinators/shared.js"
export { fuse, Fuse } from "./combinators/fuse.js"
export { fromCallback, type Cleanup, type FromCallbackOptions } from "./combinators/from-callback.js"
export { wrap } from "./combinators/wrap.js"
export { fail } from "./combinators/fail.js"
export {
  catchError,
  catchTag,
  mapError,
  result,
  type TagOf,
  type WithTag,
  type WithoutTag,
} from "./combinators/catch.js"
export { fn, gen, type YieldedError } from "./gen.js"
export { outcomeOf, settle, isMisuse, isFailure, DefectMark } from "./outcome.js"
export * from "./stream/index.js"
export * from "./channel/index.js"
export * from "./sync/index.js"
export * from "./io/index.js"
export * from "./scope/index.js"
export * from "./executor-choice/index.js"
export { Schedule, type ScheduleStep } from "./schedule/schedule.js"
export { retry, repeat } from "./schedule/retry.js"
export { Sleep } from "./combinators/sleep.js"
export { now } from "./time/now.js"
export { sleepUntil } from "./time/sleep-until.js"
export { timeoutAt } from "./time/timeout-at.js"
export { acquireRelease, Acquired, Resource } from "./scope/resource.js"
export { disposeSymbol, asyncDisposeSymbol } from "./internal/dispose.js"
export { Deferred } from "./sync/deferred.js"
export { CancellationToken } from "./sync/cancellation-token.js"
export { RwLock, RwLockReadGuard, RwLockWriteGuard } from "./sync/rwlock.js"
export { Barrier, type BarrierWaitResult } from "./sync/barrier.js"
export { watch, WatchSender, WatchReceiver } from "./channel/watch.js"
export { unboundedMpsc, type MpscOverflow, type MpscOptions } from "./channel/mpsc.js"
export { TaskLocal, TaskLocalMissing, inheritTaskLocals, type TaskLocalOptions } from "./task-local/task-local.js"
export type { Sink } from "./contracts/sink.js"
export { sinkFromFn } from "./sink/from-fn.js"
export { send } from "./sink/forward.js"
