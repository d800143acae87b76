/**
 * @pollable/adapter-native/blocking — blocking or CPU-bound work on worker threads
 * (tokio's `spawn_blocking`), awaited as a lazy, cancellable future. Needs
 * `node:worker_threads` (Node, Bun, Deno) and the `piscina` package, so it lives apart
 * from the package root, which bundles for browsers.
 * @module \@pollable/adapter-native/blocking
 */
export {
  spawnBlocking,
  BlockingPool,
  BlockingUnavailable,
  defaultBlockingPool,
  type BlockingPoolOptions,
} from "./spawn-blocking.js"
