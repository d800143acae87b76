import {
  InvalidArgument,
  Pending,
  PollableError,
  cancelQuietly,
  type ErrorOf,
  type Executor,
  type Future,
  type JoinHandle,
  type Outcome,
  type ValueOf,
} from "@pollable/core"
import {
  Threw,
  checkExecutor,
  checkOptions,
  startNow,
  takeStartError,
  takeStartedHandle,
  type OwnExecutor,
} from "@pollable/core/adapter"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
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
  const executor = options?.executor
  // Per-call executor when given; otherwise the selection (withExecutor, POLLABLE_EXECUTOR,
  // export condition), and when nothing selects another kind, the executor on the running
  // fiber's own Clock and Scheduler — so TestClock drives the future.
  const own = executor === undefined ? ownEffect : undefined
  const keepAlive = options?.keepAlive !== false
  return Effect.callback<T, E>((resume) => {
    let future: Future<T, E>
    try {
      future = make()
    } catch (defect) {
      resume(Effect.die(defect))
      return
    }
    // polled once right here, as Effect.sync would run: a future that finishes at once
    // resumes the fiber before it ever suspends, with no task, no keep-alive and no listener
    const r = startNow(future, executor, own)
    if (r === Threw) {
      resume(outcomeToEffect<T, E>({ _tag: "Failure", error: takeStartError() as E }, options))
      return
    }
    if (r !== Pending) {
      resume(Exit.succeed(r))
      return
    }
    return waitFor(takeStartedHandle<T, E>() as Settling<T, E>, resume, options, keepAlive)
  })
}

/**
 * The executor `toEffect` runs on when nothing selects another: the one shared by the running
 * fiber's Clock and Scheduler. It is asked while the fiber runs `toEffect`'s callback, so the
 * fiber is the current one.
 */
const ownEffect: OwnExecutor = {
  kind: "effect",
  executor: () => {
    const fiber = Fiber.getCurrent()
    if (fiber === undefined) throw new PollableError("toEffect: no running fiber to take the Clock and Scheduler from")
    return sharedExecutor(fiber.getRef(Clock.Clock), fiber.getRef(Scheduler.Scheduler))
  },
}

/** Resume the fiber with the outcome of a task that must wait; the returned Effect cancels it on interruption. */
function waitFor<T, E>(
  handle: Settling<T, E>,
  resume: (effect: Effect.Effect<T, E>) => void,
  options: ToEffectOptions | undefined,
  keepAlive: boolean,
): Effect.Effect<void> | undefined {
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
}
