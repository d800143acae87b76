import { InvalidArgument } from "@pollable/core"

const kind = (x: unknown): string => (x === null ? "null" : typeof x)

/** @internal Throws `InvalidArgument` unless `x` is an RxJS `SchedulerLike` (`now()` and `schedule()`). */
export function checkScheduler(where: string, x: unknown): void {
  const s = x as { now?: unknown; schedule?: unknown } | null
  if (typeof x !== "object" || s === null || typeof s.now !== "function" || typeof s.schedule !== "function") {
    throw new InvalidArgument(where, `expected an RxJS SchedulerLike (now() and schedule()), got ${kind(x)}`, "pass asapScheduler, queueScheduler, asyncScheduler or a TestScheduler")
  }
}

/** @internal Throws `InvalidArgument` unless `policy` is `undefined`, `"complete"` or `"error"`. */
export function checkInterruptedPolicy(where: string, policy: unknown): void {
  if (policy !== undefined && policy !== "complete" && policy !== "error") {
    throw new InvalidArgument(where, `unknown policy ${JSON.stringify(policy)}`, 'pass "complete" (the default) or "error"')
  }
}

/** @internal Throws `InvalidArgument` unless `x` is `undefined` or an `AbortSignal`-like object. */
export function checkSignal(where: string, x: unknown): void {
  if (x === undefined) return
  const s = x as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null
  if (typeof x !== "object" || s === null || typeof s.aborted !== "boolean" || typeof s.addEventListener !== "function" || typeof s.removeEventListener !== "function") {
    throw new InvalidArgument(where, `expected an AbortSignal, got ${kind(x)}`, "pass controller.signal of an AbortController, or leave the option out")
  }
}

/** @internal Throws `InvalidArgument` unless `x` is a pollable Executor (`spawn` and `timer`). */
export function checkExecutor(where: string, x: unknown): void {
  const e = x as { spawn?: unknown } | null
  if (typeof x !== "object" || e === null || typeof e.spawn !== "function" || !("timer" in e)) {
    throw new InvalidArgument(where, `expected a pollable Executor, got ${kind(x)}`, "pass an executor such as new RxjsExecutor(), new NativeExecutor() or a ManualExecutor")
  }
}
