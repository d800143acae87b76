export type { Adapter, AdapterName, RunnerKinds, RunnerOptions } from "./adapter.js"
export { withExecutor, currentExecutor, useExecutorStore, type ExecutorStore } from "./current.js"
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
} from "./default-executor.js"
export { bind, type Bound } from "./bind.js"
