export { StreamBase } from "./stream-base.js"
export type { MissedTick, IntervalOptions } from "./interval.js"
export * as stream from "./ops.js"
