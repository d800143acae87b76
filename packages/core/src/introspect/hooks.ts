import type { Outcome } from "../contracts/executor.js"
import { InvalidArgument } from "../errors.js"
import { reportFault } from "../fault/report.js"

/**
 * A task as instrumentation sees it. `name` is the name given with `named()` or
 * `spawn(f, { name })`, else the task's automatic label (its combinator tree) — computed
 * when read, so read it only when you need it.
 */
export interface TaskRef {
  /** The task's number in its label `task#<id>`, given in spawn order. */
  readonly id: number
  /** Its fixed or automatic name (see above); `task#<id>` once the task has ended. */
  readonly name: string
}

/**
 * Instrumentation hooks an executor calls as its tasks run. Every member is optional; install
 * them per executor (the `hooks` option, `executor.setHooks`) or for every executor
 * ({@link installHooks}). With none installed anywhere in the process an executor pays one
 * check per batch of polls, per spawn and per task end, and nothing per wake.
 *
 * @remarks
 * - Hooks run on the executor's stack, inside its drain: keep them short. A hook that
 *   throws is reported (`reportFault`) and the task goes on as if nothing happened (rule 8).
 * - `onPollStart`/`onPollEnd` bracket every poll; `onPollEnd`'s `ready` is true when that
 *   poll ended the task.
 * - `onWake` is told when a waiting task is scheduled again (wakes of a task already queued
 *   are coalesced and not reported); `by` is the task whose poll woke it, when the wake came
 *   from one of this executor's polls, else `undefined` (a timer, IO, another runtime). It is
 *   told from the run queue, so a wake costs nothing more with hooks than without: a wake made
 *   by a poll is told as that poll ends (before its `onPollEnd`), a wake from outside when the
 *   executor next polls (before that poll's `onPollStart`).
 * - `onTimerArmed`/`onTimerFired` report registrations on the executor's timer made by its
 *   tasks (`deadline` in the timer's `now()` units) and which task made them.
 * - `onTaskEnd` is told once per task, with its outcome (rule 6's three).
 */
export interface ExecutorHooks {
  onSpawn?(task: TaskRef, parent: TaskRef | undefined): void
  onPollStart?(task: TaskRef): void
  onPollEnd?(task: TaskRef, ready: boolean): void
  onWake?(task: TaskRef, by: TaskRef | undefined): void
  onTimerArmed?(deadline: number, task: TaskRef | undefined): void
  onTimerFired?(deadline: number, task: TaskRef | undefined): void
  onTaskEnd?(task: TaskRef, outcome: Outcome<unknown, unknown>): void
}

const KEYS = ["onSpawn", "onPollStart", "onPollEnd", "onWake", "onTimerArmed", "onTimerFired", "onTaskEnd"] as const

/** Refuses hooks that are not an object of functions, naming the member. @internal */
export function checkHooks(where: string, hooks: unknown): asserts hooks is ExecutorHooks | undefined {
  if (hooks === undefined) return
  if (typeof hooks !== "object" || hooks === null) {
    throw new InvalidArgument(
      where,
      `expected an object of hook functions, got ${hooks === null ? "null" : typeof hooks}`,
      "pass e.g. { onSpawn(task) { … } }, or leave it out",
    )
  }
  for (const k of KEYS) {
    const h = (hooks as Record<string, unknown>)[k]
    if (h !== undefined && typeof h !== "function") {
      throw new InvalidArgument(
        where,
        `${k} is a ${h === null ? "null" : typeof h}, not a function`,
        `make ${k} a function or leave it out`,
      )
    }
  }
}

/**
 * One {@link ExecutorHooks} calling each of `hooks` in order; members none of them has stay
 * absent, so an executor skips them. Every call is guarded: a hook that throws is reported
 * and the others still run.
 */
export function combineHooks(...hooks: readonly (ExecutorHooks | undefined)[]): ExecutorHooks {
  const list = hooks.filter((h): h is ExecutorHooks => h !== undefined)
  const out: Record<string, unknown> = {}
  for (const k of KEYS) {
    // every hook takes at most two arguments: fixed-arity wrappers, no rest arrays per call
    const fns = list.map((h) => h[k]?.bind(h) as Hook | undefined).filter((f) => f !== undefined)
    if (fns.length === 0) continue
    if (fns.length === 1) {
      const f = fns[0]!
      out[k] = (a: unknown, b: unknown) => {
        try {
          f(a, b)
        } catch (e) {
          reportFault(e, `an executor hook (${k}) threw`)
        }
      }
      continue
    }
    out[k] = (a: unknown, b: unknown) => {
      for (const f of fns) {
        try {
          f(a, b)
        } catch (e) {
          reportFault(e, `an executor hook (${k}) threw`)
        }
      }
    }
  }
  return out as ExecutorHooks
}

type Hook = (a: unknown, b: unknown) => void

/**
 * The hooks every executor calls besides its own (see {@link installHooks}), and how many hook
 * sets are installed anywhere in the process (process-wide ones plus executors' own): while
 * `inUse` is 0, an executor skips every hook lookup on its hot paths (a wake costs one check).
 * @internal
 */
export const globalHooks: { current: ExecutorHooks | undefined; version: number; inUse: number } = {
  current: undefined,
  version: 0,
  inUse: 0,
}

/**
 * Install `hooks` on every executor in this process (in addition to each executor's own),
 * e.g. a tracing bridge set up once at startup. Returns the function that removes them.
 * Several installs stack; removal removes exactly this one.
 * @throws InvalidArgument when `hooks` is not an object of functions.
 * @example
 * ```ts
 * const uninstall = installHooks({ onTaskEnd: (task, o) => log(task.name, o._tag) })
 * ```
 */
export function installHooks(hooks: ExecutorHooks): () => void {
  checkHooks("installHooks(hooks)", hooks)
  installed.push(hooks)
  globalHooks.inUse++
  refresh()
  return () => {
    const i = installed.indexOf(hooks)
    if (i < 0) return
    installed.splice(i, 1)
    globalHooks.inUse--
    refresh()
  }
}

const installed: ExecutorHooks[] = []

function refresh(): void {
  globalHooks.current = installed.length === 0 ? undefined : combineHooks(...installed)
  globalHooks.version++
}
