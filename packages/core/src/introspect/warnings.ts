import { InvalidArgument } from "../errors.js"
import { checkCount, checkOptions } from "../internal/check.js"
import { hostNow } from "../internal/host-now.js"
import type { ExecutorHooks, TaskRef } from "./hooks.js"

/** A warning from {@link pollWarnings}: what happened, to which task, in words. */
export type PollWarning =
  | { readonly _tag: "SlowPoll"; readonly task: TaskRef; readonly ms: number; readonly message: string }
  | { readonly _tag: "BusyLoop"; readonly task: TaskRef; readonly wakes: number; readonly message: string }

/** Options of {@link pollWarnings}; leave one out to switch that warning off. */
export interface PollWarningOptions {
  /** Warn when one poll takes longer than this many milliseconds (it blocked every other task meanwhile). */
  readonly slowPollMs?: number | undefined
  /** Warn (once per task) when a task was woken more than this many times and has still not completed. */
  readonly busyWakes?: number | undefined
  /** Where warnings go. Default: `console.warn` of the message. */
  readonly onWarning?: ((w: PollWarning) => void) | undefined
}

const consoleWarn = (w: PollWarning): void => {
  ;(globalThis as { console?: { warn(m: string): void } }).console?.warn(w.message)
}

/**
 * Hooks that warn about a poll slower than `slowPollMs` and about a task woken more than
 * `busyWakes` times without completing (a busy loop, or a wake storm). Nothing warns unless
 * you install these hooks (per executor with `hooks`, or with `installHooks`).
 * @throws InvalidArgument when a threshold is not a positive number or `onWarning` not a function.
 * @example
 * ```ts
 * const ex = new NativeExecutor({ hooks: pollWarnings({ slowPollMs: 20, busyWakes: 10_000 }) })
 * // console: slow poll: task#3 (gen(parse)) ran 48.2ms in one poll; every other task waited meanwhile
 * ```
 */
export function pollWarnings(options: PollWarningOptions): ExecutorHooks {
  checkOptions("pollWarnings(options)", options)
  const { slowPollMs, busyWakes } = options
  const onWarning = options.onWarning ?? consoleWarn
  if (typeof onWarning !== "function") {
    throw new InvalidArgument(
      "pollWarnings({ onWarning })",
      `expected a function, got ${typeof onWarning}`,
      "pass (warning) => …, or leave it out to use console.warn",
    )
  }
  if (slowPollMs !== undefined && (typeof slowPollMs !== "number" || !(slowPollMs > 0))) {
    throw new InvalidArgument(
      "pollWarnings({ slowPollMs })",
      `expected a positive number of milliseconds, got ${String(slowPollMs)}`,
      "pass e.g. 20, or leave it out",
    )
  }
  if (busyWakes !== undefined) checkCount("pollWarnings({ busyWakes })", busyWakes, 1)
  const hooks: { -readonly [K in keyof ExecutorHooks]: ExecutorHooks[K] } = {}
  if (slowPollMs !== undefined) {
    let started = 0
    hooks.onPollStart = () => {
      started = hostNow()
    }
    hooks.onPollEnd = (task) => {
      const ms = hostNow() - started
      if (ms > slowPollMs) {
        onWarning({
          _tag: "SlowPoll",
          task,
          ms,
          message:
            `slow poll: task#${task.id} (${task.name}) ran ${ms.toFixed(1)}ms in one poll; ` +
            "every other task waited meanwhile",
        })
      }
    }
  }
  if (busyWakes !== undefined) {
    const wakes = new Map<TaskRef, number>()
    hooks.onWake = (task) => {
      const n = (wakes.get(task) ?? 0) + 1
      wakes.set(task, n)
      if (n === busyWakes + 1) {
        onWarning({
          _tag: "BusyLoop",
          task,
          wakes: n,
          message:
            `busy loop: task#${task.id} (${task.name}) was woken ${n} times and has not completed; ` +
            "does something wake it without progress?",
        })
      }
    }
    hooks.onTaskEnd = (task) => {
      wakes.delete(task)
    }
  }
  return hooks
}
