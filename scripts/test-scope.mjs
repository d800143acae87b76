// Which test files run on which runtime, and why a file does not. One list, read by
// scripts/matrix.mjs (Node 20, Node 24, Bun, Deno) and vitest.browser.config.ts (Chromium),
// so the matrix can say why a runtime ran fewer tests than Node.

/** Files whose subject is this repository's Node tooling, not the library: Node only (`npm test`). */
export const toolingOnly = {
  "test/release/**":
    "packs the packages with npm and installs them in a fresh app; it runs Node 20 and 24, Bun and Deno itself",
  "test/tooling/**":
    "tests this repository's Node tooling and reads its files: scripts/matrix.mjs and the lint checks, " +
    "the import graph, the built .d.ts, the build's class-name plugin",
}

/** Files that need an API browsers lack (sockets, processes, files, worker threads, process events). */
export const notInBrowser = {
  ...toolingOnly,
  "test/adapter-native/io/**": "real sockets, pipes, TTYs, streams and files (@pollable/adapter-native/io)",
  "test/adapter-native/introspect/**":
    "starts a child Node process serving its tasks over HTTP and runs the pollable-console bin against it",
  "test/examples/resp/hostile-peer.test.ts": "a misbehaving RESP server on a real TCP socket",
  "test/e2e/**": "starts redis-server and connects over TCP",
  "test/core/testing/sim/trace-file.test.ts": "writes a simulation trace to a temporary file (node:fs)",
  "test/core/testing/sim/executor-by-name.test.ts":
    "imports the adapter packages by name at run time, which a browser resolves only through an import map",
  "test/examples/sim/kv-real-sockets.test.ts":
    "runs the simulated key-value store on real TCP sockets (@pollable/adapter-native/io)",
  "test/adapter-native/blocking.test.ts": "worker threads (@pollable/adapter-native/blocking)",
  "test/adapter-native/bad-input.test.ts": "checks spawnBlocking's arguments (@pollable/adapter-native/blocking)",
  "test/adapter-native/aplus.test.ts": "the Promises/A+ suite is a CommonJS package that installs mocha globals",
  "test/adapter-native/promise.test.ts": "listens to process 'unhandledRejection' events",
  "test/adapter-native/teardown-faults.test.ts":
    "listens to process 'uncaughtException' and 'unhandledRejection' events",
  "test/adapter-rxjs/teardown-faults.test.ts": "listens to process 'uncaughtException' and 'unhandledRejection' events",
  "test/adapter-effect/teardown-faults.test.ts":
    "listens to process 'uncaughtException' and 'unhandledRejection' events",
  "test/adapter-native/bad-input.property.test.ts":
    "covers connect/listen/fromFd/fromStream (@pollable/adapter-native/io)",
  "test/adapter-native/long-timers.test.ts": "listens to process 'warning' events (TimeoutOverflowWarning)",
  "test/adapter-native/dispose-handles.test.ts":
    "disposes sockets, listeners and the worker pool (@pollable/adapter-native/io, /blocking)",
  "test/soak/**":
    "reads the heap and the event loop's handles through process.memoryUsage() and getActiveResourcesInfo()",
  "test/core/executor/join-handle.test.ts": "listens to process 'unhandledRejection' events",
  "test/core/executor/local-executor-slice.test.ts": "waits for the host's turn with Node's setImmediate",
  "test/core/executor/on-settle-faults.test.ts": "listens to process 'uncaughtException' events",
  "test/core/gen-releases-body.test.ts": "forces garbage collection through node:v8",
  "test/core/optimized-code-survives-gc.test.ts":
    "starts a child Node process with V8 flags and reads its deoptimization trace",
  "test/adapter-effect/keep-alive.test.ts": "counts the event loop's timers and starts child processes",
  "test/core/executor-choice/selection.test.ts": "starts child processes with export conditions",
  "test/core/executor-choice/per-call.test.ts": "AsyncLocalStorage (@pollable/adapter-native/context)",
  "test/core/executor-choice/bundler-condition.test.ts": "runs a bundler over files on disk",
  "test/docs/**": "reads the READMEs from disk and type-checks or runs them",
  "test/docs/readme-toolchain-note.test.ts": "reads package.json and the README from disk",
  "test/docs/cancel-safety-tsdoc.test.ts": "reads the sources from disk",
  "test/bench/**": "the benchmarks are Node programs (child processes, loopback TCP)",
}
