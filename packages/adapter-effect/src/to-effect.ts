import {
  InvalidArgument,
  cancelQuietly,
  type ErrorOf,
  type Executor,
  type Future,
  type JoinHandle,
  type Outcome,
  type ValueOf,
} from "@pollable/core"
import { checkExecutor, checkOptions, startOn, type OwnExecutor } from "@pollable/core/adapter"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Scheduler from "effect/Scheduler"
import { sharedExecutor } from "./effect-executor.js"
import { holdProcess } from "./keep-alive.js"
import { outcomeToEffect, type FailurePolicy } from "./outcome.js"

/** Options of {@link toEffect}. */
export interface ToEffectOptions extends FailurePolicy {
  /**
   * The executor that polls the future. Default: the `EffectExecutor` shared by the calling
   * fiber's `Clock` and `Scheduler` ({@link EffectExecutor.current}), so `TestClock` drives
   * pollable time. Pass one built with a core `VirtualClock` to share virtual time with
   * other executors. It must be a core `LocalExecutor` (every shipped executor is).
   */
  readonly executor?: Executor | undefined
  /**
   * Keep the host process alive while the future is pending (one shared long interval,
   * released on completion or interruption), as `runMain` does for the main fiber.
   * Default `true`.
   */
  readonly keepAlive?: boolean | undefined
}

/** The failure type a future declares: core's {@link ErrorOf} (`never` for futures that cannot fail). */
export type FailureOf<F> = ErrorOf<F>

type Settling<T, E> = JoinHandle<T, E> & { onSettle?(listener: (o: Outcome<T, E>) => void): void }

/**
 * Run a pollable future as an `Effect<T, E>`.
 *
 * Each run of the Effect calls `make()` for a fresh future (Effects are re-runnable; a
 * future runs once) and starts it as a task of the executor, polling it once right away,
 * as `Effect.sync` would run: a future that finishes there completes the Effect without
 * suspending the fiber. Otherwise the executor polls it in drains scheduled on the fiber's
 * Effect scheduler; the fiber suspends (`Effect.callback`) and is resumed once, with the
 * outcome. Wakes only schedule a drain, so `resume` never polls re-entrantly.
 *
 * How outcomes map (rule 6):
 * - a value → success;
 * - a throw → the typed error channel `E` — pollable's `E` is what the future declares it
 *   throws; pollable's misuse errors (`PollAfterReady`, `MissingCapability`,
 *   `InvalidArgument`) and a throw from `make` itself are defects (`Effect.die`); pass
 *   `isFailure` to draw the line yourself (rejected throws become defects);
 * - a thrown `Interrupted` (the future awaited something that was cancelled) → interruption;
 * - an `EffectDefect` (from {@link fromEffect}) → its original cause.
 *
 * @remarks Cancel safety: interrupting the fiber cancels the future (rule 4) before the
 * interruption completes; nothing it registered stays registered.
 *
 * @example
 * ```ts
 * const n: Effect.Effect<number, HttpError> = toEffect(() => fetchCount(url))
 * const r = yield* Effect.timeout(n, "1 second")
 * ```
 */
export function toEffect<F extends Future<any, any>>(
  make: () => F,
  options?: ToEffectOptions,
): Effect.Effect<ValueOf<F>, ErrorOf<F>>
export function toEffect<T, E>(make: () => Future<T, E>, options?: ToEffectOptions): Effect.Effect<T, E> {
  if (typeof make !== "function") {
    throw new InvalidArgument(
      "toEffect(make)",
      `expected a function returning a future, got ${typeof make}`,
      "pass () => future",
    )
  }
  checkOptions("toEffect(make, options)", options)
  checkExecutor("toEffect(make, { executor })", options?.executor, true)
  const keepAlive = options?.keepAlive !== false
  const run = (executor: Executor | undefined, own: OwnExecutor | undefined): Effect.Effect<T, E> =>
    Effect.callback<T, E>((resume) => {
      let future: Future<T, E>
      try {
        future = make()
      } catch (defect) {
        resume(Effect.die(defect))
        return
      }
      // polled once right here, as Effect.sync would run: a future that finishes at once
      // resumes the fiber before it ever suspends, with no keep-alive and no listener
      const handle = startOn(future, executor, own) as Settling<T, E>
      const done = handle.outcome
      if (done !== undefined) {
        resume(outcomeToEffect(done, options))
        return
      }
      if (typeof handle.onSettle !== "function") {
        cancelQuietly(handle)
        resume(
          Effect.die(
            new InvalidArgument(
              "toEffect(make, { executor })",
              "the executor's handles cannot report their outcome (no onSettle)",
              "pass a core LocalExecutor such as EffectExecutor, NativeExecutor or RxjsExecutor",
            ),
          ),
        )
        return
      }
      const release = keepAlive ? holdProcess() : undefined
      handle.onSettle((o) => {
        release?.()
        resume(outcomeToEffect(o, options))
      })
      return Effect.sync(() => {
        release?.()
        // rule 8: the interruption stands; a teardown fault goes to the executor's reporter
        cancelQuietly(handle, "toEffect: cancelling the task on interruption")
      })
    })
  const executor = options?.executor
  if (executor !== undefined) return run(executor, undefined)
  // Per-call executor above; otherwise the selection (withExecutor, POLLABLE_EXECUTOR,
  // export condition), and when nothing selects another kind, the executor on this
  // fiber's own Clock and Scheduler — so TestClock drives the future.
  return Effect.withFiber((fiber) =>
    run(undefined, {
      kind: "effect",
      executor: () => sharedExecutor(fiber.getRef(Clock.Clock), fiber.getRef(Scheduler.Scheduler)),
    }),
  )
}
