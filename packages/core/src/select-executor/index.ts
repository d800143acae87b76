export type { Adapter, AdapterName, RunnerKinds, RunnerOptions } from "./adapter.js"
export { withExecutor, scopeExecutor, useScopeStore, type ScopeStore } from "./scope.js"
export {
  defaultExecutor,
  loadDefaultExecutor,
  provideAdapters,
  resetSelection,
  selectedKind,
  spawnOn,
  startOn,
  SelectedExecutor,
  type SelectableAdapter,
  type OwnExecutor,
  type ExecutorKind,
  type Selection,
  type SelectionSource,
} from "./select.js"
export { bind, type Bound } from "./bind.js"
