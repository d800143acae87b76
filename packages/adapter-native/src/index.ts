/**
 * @pollable/adapter-native — run pollable futures on what plain JavaScript has:
 * microtasks and `setTimeout` ({@link NativeExecutor}), Promises, AbortSignal,
 * async iterables and WHATWG streams, and a worker pool for blocking work.
 * @packageDocumentation
 */
export { NativeExecutor, type NativeExecutorOptions } from "./native-executor.js"
