import type { Outcome } from "../contracts/executor.js"
import { hostNow } from "../internal/host-now.js"
import type { ExecutorHooks, TaskRef } from "./hooks.js"
import type { TaskInfo } from "../contracts/task-info.js"
import { checkCount } from "../internal/check.js"

/** What the tracker keeps per running task. @internal */
export class TaskRecord {
  polls = 0
  wakes = 0
  pollMs = 0
  longestMs = 0
  /** When the current poll started; NaN between polls. */
  startedPoll = Number.NaN
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
  /**
   * How many ended tasks `tasks()` keeps listing (state `"done"`, with their outcome and
   * counters), newest last, so a short-lived task can still be seen after it ended. Default 0.
   */
  readonly keepEnded?: number
}

/** The first stack frame outside pollable's own files and the host's internals. */
function spawnSiteOf(): string | undefined {
  const stack = new Error("spawn site").stack
  if (stack === undefined) return undefined
  for (const line of stack.split("\n").slice(1)) {
    const l = line.trim()
    if (/[\\/]packages[\\/]core[\\/]|@pollable[\\/]|node:internal|[\\/]dist[\\/]index\.js/.test(l)) continue
    // browsers and dev servers add a query to module URLs (`file.ts?v=1a2b:12:5`): drop it
    return l.replace(/^at /, "").replace(/\?[^:\s()]*(?=:\d)/, "")
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
  readonly #keep: number
  /** The last `keepEnded` ended tasks, oldest first. */
  readonly ended: TaskInfo[] = []
  constructor(options: IntrospectOptions) {
    this.#sites = options.spawnSites === true
    this.#keep = options.keepEnded === undefined ? 0 : checkCount("introspect({ keepEnded })", options.keepEnded, 0)
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
    if (r !== undefined) endPoll(r)
  }
  onTaskEnd(task: TaskRef, outcome: Outcome<unknown, unknown>): void {
    const r = this.records.get(task)
    this.records.delete(task)
    if (this.#keep === 0 || r === undefined) return
    // ended by its own poll: that poll counts (its onPollEnd comes after this)
    if (!Number.isNaN(r.startedPoll)) endPoll(r)
    const info: { -readonly [K in keyof TaskInfo]: TaskInfo[K] } = {
      id: task.id,
      name: task.name,
      state: "done",
      waitingOn: [],
      outcome: outcome._tag,
      ...infoOf(r, hostNow()),
    }
    if (this.ended.push(info) > this.#keep) this.ended.shift()
  }
}

/** The counters of `r` as `TaskInfo` fields (the final poll of an ended task is counted by then). @internal */
export function infoOf(
  r: TaskRecord,
  now: number,
): Partial<Pick<TaskInfo, "ageMs" | "polls" | "wakes" | "pollTimeNs" | "longestPollNs" | "parent" | "spawnSite">> {
  const info: { -readonly [K in keyof TaskInfo]?: TaskInfo[K] } = {
    ageMs: now - r.spawnedAt,
    polls: r.polls,
    wakes: r.wakes,
    pollTimeNs: Math.round(r.pollMs * 1e6),
    longestPollNs: Math.round(r.longestMs * 1e6),
  }
  if (r.parent !== undefined) info.parent = r.parent
  if (r.spawnSite !== undefined) info.spawnSite = r.spawnSite
  return info
}

/** Account the poll `r` is in. */
function endPoll(r: TaskRecord): void {
  const d = hostNow() - r.startedPoll
  r.startedPoll = Number.NaN
  r.polls++
  r.pollMs += d
  if (d > r.longestMs) r.longestMs = d
}
