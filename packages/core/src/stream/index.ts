export { StreamBase } from "./stream-base.js"
export * as stream from "./ops.js"
