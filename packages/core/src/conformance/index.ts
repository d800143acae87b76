/**
 * @pollable/core/conformance — the executor conformance suite. Every pollable executor
 * (reference, native, RxJS, Effect, yours) runs the same cases through
 * {@link testExecutor}; the test runner is injected, so this entry has no dependency.
 * @module \@pollable/core/conformance
 */
export { testExecutor } from "./test-executor.js"
export type {
  ConformanceClock,
  ConformanceExpect,
  ConformanceHarness,
  ConformanceIt,
  ConformanceOptions,
  ExecutorCapabilities,
  ExecutorInstance,
} from "./types.js"
