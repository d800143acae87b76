export type { Adapter, AdapterName, RunnerKinds, RunnerOptions } from "./adapter.js"
