/** What a task is doing at the moment of a snapshot. */
export type TaskState = "queued" | "polling" | "waiting" | "done"

/**
 * One task in `executor.tasks()`. The counters and times are there only while the executor
 * records them (`introspect: true`, or `executor.trackTasks()`); `spawnSite` only when spawn
 * sites are captured too (`introspect: { spawnSites: true }`).
 */
export interface TaskInfo {
  /** The task's number (`task#<id>`), in spawn order. */
  readonly id: number
  /** Its name: given with `named()` / `spawn(f, { name })`, else its combinator tree. */
  readonly name: string
  /**
   * queued (woken, waiting for its turn), polling (being polled now), waiting (parked on a
   * waker), done (ended; listed only while tracking keeps ended tasks, `keepEnded`).
   */
  readonly state: TaskState
  /**
   * What it is parked on, outermost first, when `state` is `"waiting"`: timers with their
   * deadline, channel receives, socket reads, other tasks. Empty otherwise.
   */
  readonly waitingOn: readonly string[]
  /** The id of the task whose poll spawned it (recorded while tracking). */
  readonly parent?: number
  /** Milliseconds since it was spawned (host clock). */
  readonly ageMs?: number
  /** Times it was polled. */
  readonly polls?: number
  /** Times it was scheduled: its spawn and every wake that found it waiting. */
  readonly wakes?: number
  /** Total time spent inside its polls, in nanoseconds (host clock resolution). */
  readonly pollTimeNs?: number
  /** Its longest single poll, in nanoseconds. */
  readonly longestPollNs?: number
  /** Where it was spawned: the first stack frame outside pollable. */
  readonly spawnSite?: string
  /** How it ended, for a `"done"` task (kept with `introspect: { keepEnded }`). */
  readonly outcome?: "Success" | "Failure" | "Interrupted"
}
