/**
 * Structured concurrency: scopes whose children never outlive them, JoinSets, and
 * bounded-concurrency stream helpers. Everything runs on any executor.
 */
export {
  scope,
  checkScopeArgs,
  ScopeFuture,
  ChildHandle,
  type Scope,
  type ScopeOptions,
  type ScopeMode,
} from "./scope.js"
export { ScopeClosed, ChildrenFailed } from "./errors.js"
export { JoinSet, JoinSetHandle, type JoinSetOptions } from "./join-set.js"
export { bufferUnordered } from "./buffer-unordered.js"
export { buffered } from "./buffered.js"
export { mapConcurrent, type MapConcurrentOptions } from "./map-concurrent.js"
