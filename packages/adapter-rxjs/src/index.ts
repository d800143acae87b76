/**
 * @pollable/adapter-rxjs — run pollable futures and streams on RxJS schedulers:
 * Observables out ({@link toObservable}, {@link streamToObservable}), Observables in
 * ({@link fromObservable}, {@link observableToStream}, {@link firstValueFrom}), an executor
 * on any `SchedulerLike` ({@link RxjsExecutor}, marble-testable under `TestScheduler`),
 * and a pollable executor as a `SchedulerLike` ({@link asSchedulerLike}).
 * @module \@pollable/adapter-rxjs
 */
export { RxjsExecutor, type RxjsExecutorOptions } from "./rxjs-executor.js"
export { toObservable, type ToObservableOptions } from "./to-observable.js"
export { fromObservable, type FromObservableOptions } from "./from-observable.js"
export type { CollectMode } from "./collect.js"
export { firstValueFrom, lastValueFrom, type ValueFromOptions } from "./value-from.js"
export { asSchedulerLike } from "./scheduler-like.js"
export { EmptyObservableError, BufferOverflow } from "./errors.js"
export { rxjs } from "./adapter.js"
export { streamToObservable } from "./stream-to-observable.js"
export {
  observableToStream,
  ObservableStream,
  type ObservableToStreamOptions,
  type OverflowPolicy,
} from "./observable-to-stream.js"
export { scopeToObservable, type ScopeToObservableOptions } from "./scope.js"
