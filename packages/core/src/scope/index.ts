/**
 * Structured concurrency: scopes whose children never outlive them, and JoinSets.
 * Everything runs on any executor.
 */
export {
  scope,
  ScopeFuture,
  ChildHandle,
  type Scope,
  type ScopeOptions,
  type ScopeMode,
} from "./scope.js"
export { ScopeClosed, ChildrenFailed } from "./errors.js"
export { JoinSet, JoinSetHandle, type JoinSetOptions } from "./join-set.js"
