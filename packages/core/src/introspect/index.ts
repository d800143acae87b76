export { named, nameOf, waitChain, type DescribesWait, type WaitDescription } from "./describe-wait.js"
export { installHooks, combineHooks, type ExecutorHooks, type TaskRef } from "./hooks.js"
export type { TaskInfo, TaskState } from "./task-info.js"
export type { IntrospectOptions } from "./tracker.js"
