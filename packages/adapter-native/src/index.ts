/**
 * @pollable/adapter-native — run pollable futures on what plain JavaScript has:
 * microtasks and `setTimeout` ({@link NativeExecutor}), Promises ({@link toPromise},
 * {@link fromPromise}) and AbortSignal, async iterables and WHATWG streams, and a worker
 * pool for blocking work.
 * @packageDocumentation
 */
export { NativeExecutor, type NativeExecutorOptions } from "./native-executor.js"
export { toPromise, type ToPromiseOptions } from "./to-promise.js"
export { fromPromise, type FromPromiseOptions } from "./from-promise.js"
export { native } from "./adapter.js"
