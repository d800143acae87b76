/**
 * @pollable/adapter-native — run pollable futures on what plain JavaScript has:
 * microtasks and `setTimeout` ({@link NativeExecutor}), Promises ({@link toPromise},
 * {@link fromPromise}) and AbortSignal, async iterables and WHATWG streams. This entry
 * point runs in browsers too; the Node-only parts have their own: `/io` (sockets, pipes,
 * TTYs for `AsyncFd`), `/blocking` (a worker pool) and `/context` (`AsyncLocalStorage`).
 * @module \@pollable/adapter-native
 */
import { stream as streams } from "@pollable/core"

export { NativeExecutor, type NativeExecutorOptions } from "./native-executor.js"
export { toPromise, type ToPromiseOptions } from "./to-promise.js"
export { fromPromise, type FromPromiseOptions } from "./from-promise.js"
export { native } from "./adapter.js"
export { toAsyncIterable, type StreamRunOptions } from "./async-iterable.js"
export { toReadableStream, fromReadableStream, type ToReadableStreamOptions } from "./readable-stream.js"

/**
 * A pollable stream of an async iterable's items — core's `stream.fromAsyncIterable`,
 * re-exported next to {@link toAsyncIterable}. Pulled one item per poll (backpressure).
 * @remarks Cancel safety: cancelling calls the iterator's `return()`.
 */
export const fromAsyncIterable: typeof streams.fromAsyncIterable = (source) => streams.fromAsyncIterable(source)
export { scopeToPromise, type ScopeToPromiseOptions } from "./scope.js"
