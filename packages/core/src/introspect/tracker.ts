import type { Outcome } from "../contracts/executor.js"
import { hostNow } from "../executor/host-clock.js"
import type { ExecutorHooks, TaskRef } from "./hooks.js"

/** What the tracker keeps per running task. @internal */
export class TaskRecord {
  polls = 0
  wakes = 0
  pollMs = 0
  longestMs = 0
  startedPoll = 0
  constructor(
    readonly spawnedAt: number,
    readonly parent: number | undefined,
    readonly spawnSite: string | undefined,
  ) {}
}

/** Options of an executor's task tracking (`introspect`). */
export interface IntrospectOptions {
  /**
   * Capture where each task was spawned (a stack trace per spawn: slow, for debugging).
   * Default false.
   */
  readonly spawnSites?: boolean
}

/** The first stack frame outside pollable's own files and the host's internals. */
function spawnSiteOf(): string | undefined {
  const stack = new Error("spawn site").stack
  if (stack === undefined) return undefined
  for (const line of stack.split("\n").slice(1)) {
    const l = line.trim()
    if (/[\\/]packages[\\/]core[\\/]|@pollable[\\/]|node:internal|[\\/]dist[\\/]index\.js/.test(l)) continue
    return l.replace(/^at /, "")
  }
  return undefined
}

/**
 * The hooks behind `executor.tasks()`'s counters: per task, when it was spawned, by whom,
 * its polls, wakes and poll times. Installed by `introspect: true`; absent otherwise, so an
 * executor that is not asked pays nothing. @internal
 */
export class TaskTracker implements ExecutorHooks {
  readonly records = new Map<TaskRef, TaskRecord>()
  readonly #sites: boolean
  constructor(options: IntrospectOptions) {
    this.#sites = options.spawnSites === true
  }
  onSpawn(task: TaskRef, parent: TaskRef | undefined): void {
    this.records.set(task, new TaskRecord(hostNow(), parent?.id, this.#sites ? spawnSiteOf() : undefined))
  }
  onWake(task: TaskRef): void {
    const r = this.records.get(task)
    if (r !== undefined) r.wakes++
  }
  onPollStart(task: TaskRef): void {
    const r = this.records.get(task)
    if (r !== undefined) r.startedPoll = hostNow()
  }
  onPollEnd(task: TaskRef): void {
    const r = this.records.get(task)
    if (r === undefined) return
    const d = hostNow() - r.startedPoll
    r.polls++
    r.pollMs += d
    if (d > r.longestMs) r.longestMs = d
  }
  onTaskEnd(task: TaskRef, _outcome: Outcome<unknown, unknown>): void {
    this.records.delete(task)
  }
}
