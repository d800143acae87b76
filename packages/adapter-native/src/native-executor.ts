import {
  InvalidArgument,
  LocalExecutor,
  TimerQueue,
  hostClock,
  type FaultReporter,
  type LocalExecutorOptions,
  type Timer,
} from "@pollable/core"
import { checkOptions, checkTimer, type OwnExecutor } from "@pollable/core/adapter"

/** Options of {@link NativeExecutor}. */
/**
 * Its `hooks` (instrumentation, see `ExecutorHooks`) and `introspect` (per-task counters for
 * `tasks()`) options are `LocalExecutor`'s.
 */
export interface NativeExecutorOptions extends Pick<LocalExecutorOptions, "hooks" | "introspect"> {
  /**
   * When true, the one host timer armed for the earliest deadline is `unref`'d: pending
   * sleeps and timeouts do not keep a Node process alive on their own (the process exits
   * when nothing else is pending). Default `false`: a sleeping task keeps the process
   * alive, like a `setTimeout` does. A cancelled task never keeps it alive — cancelling
   * its last timer disarms the host timer. Ignored when `timer` is given.
   */
  readonly unref?: boolean | undefined
  /**
   * Use this timer instead of the host's `setTimeout` — e.g. core's `VirtualClock` for
   * tests, so `sleep(1000)` completes under `clock.advanceAsync(1000)`.
   */
  readonly timer?: Timer | undefined
  /** Polls per batch before the slice clock is checked (see `slice`). Default 1024; at most 65,536. */
  readonly budget?: number | undefined
  /**
   * Milliseconds of polling (in batches of `budget`) between yields to the host's
   * macrotask queue. Default 1; `0` yields after every batch; at most 100, so no setting
   * keeps timers and IO waiting longer (rule 5).
   */
  readonly slice?: number | undefined
  /**
   * Where faults go that happen while this executor polls or cancels its tasks or fires its
   * timers and have no caller to go to (a teardown that threw during `handle.cancel()` or a
   * combinator's cancel of a loser, a `wake()` that threw). Default: the process-wide
   * reporter (`setFaultReporter`; the console unless replaced), which never crashes the process.
   */
  readonly onFault?: FaultReporter | undefined
  /** Name for `describe()`. Default `"native"`. */
  readonly name?: string | undefined
}

/**
 * The executor for plain JavaScript: core's `LocalExecutor` configured with the host's
 * own queues.
 *
 * - The run queue drains in a microtask (`queueMicrotask`) after the first wake, so a
 *   woken task runs right after the current job, like a Promise continuation.
 * - After polling for a `slice` (1 ms, in batches of `budget` polls) it yields to the host
 *   through a macrotask (`setImmediate`, else `setTimeout(0)`), so timers, IO and other
 *   runtimes get their turn even when tasks keep waking themselves (rule 5).
 * - Its timer is core's `TimerQueue` over `setTimeout`: however many sleeps are pending,
 *   ONE host timer is armed, for the earliest deadline.
 *
 * @example
 * ```ts
 * const ex = new NativeExecutor()
 * const v = await ex.spawn(map(sleep(10), () => "done"))
 * ```
 * @remarks Cancel safety: `handle.cancel()` cancels the future, which removes its timer
 * entries; when no timer is left the host timer is cleared and nothing keeps the process alive.
 */
export class NativeExecutor extends LocalExecutor {
  /**
   * @throws InvalidArgument when an option has the wrong type (e.g. a `timer` without `now()`
   * and `schedule()`), `budget` is not an integer from 1 to 65,536, `slice` not a number of
   * milliseconds from 0 to 100, or `onFault` not a function.
   */
  constructor(options: NativeExecutorOptions = {}) {
    checkOptions("new NativeExecutor(options)", options)
    checkTimer("new NativeExecutor({ timer })", options.timer)
    if (options.unref !== undefined && typeof options.unref !== "boolean") {
      throw new InvalidArgument(
        "new NativeExecutor({ unref })",
        `expected true or false, got ${typeof options.unref}`,
        "pass unref: true to let the process exit while timers are pending, or leave it out",
      )
    }
    // LocalExecutor's default hooks are exactly the host's own queues: a microtask drain,
    // and a macrotask (setImmediate, else setTimeout(0)) after each full batch.
    super({
      timer:
        options.timer ?? new TimerQueue(hostClock({ unref: options.unref === true }), { onFault: options.onFault }),
      budget: options.budget,
      slice: options.slice,
      onFault: options.onFault,
      hooks: options.hooks,
      introspect: options.introspect,
      name: options.name ?? "native",
    })
  }
}

let shared: NativeExecutor | undefined

/**
 * The native adapter's own executor for `defaultExecutor`: one shared `NativeExecutor`
 * (created at first use), used when nothing selects another kind. Its timers keep the
 * process alive like `setTimeout` does, so `await toPromise(sleep(1000))` in a script waits.
 * @internal
 */
export const ownNative: OwnExecutor = {
  kind: "native",
  executor: () => (shared ??= new NativeExecutor()),
}
