/**
 * @pollable/adapter-effect — run pollable futures as Effects and Effects as futures.
 *
 * - {@link toEffect}: `() => Future<T, E>` → `Effect<T, E>` (interruption cancels the future).
 * - {@link fromEffect}: `Effect<A, E>` → `Future<A, E>` (cancel interrupts the fiber).
 * - {@link EffectExecutor}: core's executor on Effect's scheduler and `Clock` (`TestClock` works).
 * - {@link effect}: the `Adapter` for `bind` and executor selection.
 *
 * Effect 4 has a module named `Context` and so does pollable (what `poll` receives). Alias
 * one of them: `import type { Context as PollContext } from "@pollable/core"` or
 * `import * as EffectContext from "effect/Context"`.
 * @module \@pollable/adapter-effect
 */
export { toEffect, type ToEffectOptions, type FailureOf } from "./to-effect.js"
export { fromEffect, EffectFuture, type EffectRuntime, type FromEffectOptions } from "./from-effect.js"
export { EffectExecutor, type EffectExecutorOptions } from "./effect-executor.js"
export { effectClockSource } from "./clock-source.js"
export { asEffectScheduler, type AsEffectSchedulerOptions } from "./effect-scheduler.js"
export { exitToOutcome, outcomeToExit, outcomeToEffect, isMisuse, type FailurePolicy } from "./outcome.js"
export { EffectDefect } from "./errors.js"
export {
  streamToEffectStream,
  effectStreamToStream,
  PollStreamFromEffect,
  type StreamToEffectStreamOptions,
  type EffectStreamToStreamOptions,
} from "./stream.js"
export { effect } from "./adapter.js"
export { scopeToEffect, type ScopeToEffectOptions } from "./scope.js"
export { resourceToEffect } from "./resource.js"
export { effectSpanHooks, effectSpans, type EffectSpanHooksOptions } from "./spans.js"
