export type { Adapter, AdapterName, RunnerKinds, RunnerOptions } from "./adapter.js"
export { withExecutor } from "./current.js"
export {
  defaultExecutor,
  loadDefaultExecutor,
  provideAdapters,
  selectedKind,
  SelectedExecutor,
  type ExecutorKind,
  type Selection,
  type SelectionSource,
} from "./default-executor.js"
export { bind, type Bound } from "./bind.js"
