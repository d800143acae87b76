import type { JoinHandle } from "../contracts/executor.js"
import type { Spawner, Timer, Waker, Context } from "../contracts/waker.js"
import { idleQueue, type RunQueue, type Task } from "./task.js"

/**
 * What `startNow` returns when the future threw at its first poll; take the error with
 * {@link takeStartError}. (No future returns it: it is not a value of any future.)
 */
export const Threw: unique symbol = Symbol("pollable.startNow.threw")

/** The handle `startNow` made for a future that must wait, until its caller takes it. */
let handle: JoinHandle<any, any> | undefined
/** What the first poll threw, until its caller takes it. */
let error: unknown

/** Leave `h` for the caller of `startNow` (read right after it returned `Pending`). @internal */
export function leaveHandle(h: JoinHandle<any, any>): void {
  handle = h
}

/** Leave `e` for the caller of `startNow` (read right after it returned {@link Threw}). @internal */
export function leaveError(e: unknown): void {
  error = e
}

/**
 * The handle of the task `startNow` made when it returned `Pending`; take it right away,
 * before anything else starts (it is cleared as it is taken, so nothing keeps it alive).
 */
export function takeStartedHandle<T, E>(): JoinHandle<T, E> {
  const h = handle!
  handle = undefined
  return h
}

/** What the future threw at its first poll when `startNow` returned {@link Threw} (cleared as it is taken). */
export function takeStartError(): unknown {
  const e = error
  error = undefined
  return e
}

/**
 * The `Context` (and waker) of a future's first poll by `startNow`, made before any task: a
 * future that finishes at once never gets one. A wake during that poll is remembered; once the
 * future returned `Pending` the executor makes its task and {@link adopt}s it, and every later
 * wake of this waker is forwarded to the task (which only schedules it, rule 2). A wake after
 * the future finished without a task reaches nobody, as a wake of an ended task does.
 * @internal
 */
export class FirstPoll implements Context, Waker {
  readonly #queue: RunQueue
  /** The task, once made; before that, whether this waker was woken. */
  #task: Task<any, any> | boolean

  /**
   * A never-used first-poll context, kept for its hidden class (see ARCHITECTURE.md, "Idle
   * instances"): a context adopted by a task dies with it, and code optimized for it must
   * survive a full GC; `null` while being made.
   */
  static #idle: FirstPoll | null | undefined

  constructor(queue: RunQueue) {
    this.#queue = queue
    this.#task = false
    if (FirstPoll.#idle === undefined) {
      FirstPoll.#idle = null
      FirstPoll.#idle = new FirstPoll(idleQueue)
    }
  }

  get waker(): Waker {
    return this
  }

  get timer(): Timer | undefined {
    return this.#queue.taskTimer
  }

  get spawner(): Spawner {
    return this.#queue
  }

  wake(): void {
    const t = this.#task
    if (typeof t === "boolean") this.#task = true
    else t.wake()
  }

  /** From now on wakes go to `task`; a wake that came during the first poll is delivered now. */
  adopt(task: Task<any, any>): void {
    const woken = this.#task === true
    this.#task = task
    if (woken) task.wake()
  }

  /**
   * Ready for another first poll, after this one's future finished without a task. A waker it
   * handed out and that someone kept anyway then wakes whatever task the next first poll
   * makes: a spurious wake, which every future tolerates (rule 2).
   */
  reset(): FirstPoll {
    this.#task = false
    return this
  }

  get label(): string {
    return "first poll"
  }
}
