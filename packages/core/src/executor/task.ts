import type { JoinHandle, Outcome } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { Interrupted, PollAfterReady } from "../errors.js"
import { iterateOnce } from "../future-base.js"

/** The queue a task puts itself on when woken. @internal */
export interface RunQueue {
  enqueue(task: Task<any, any>): void
  /** Told when a finished or cancelled task is woken: a registration outlived its future. */
  strayWake?(task: Task<any, any>): void
}

const INTERRUPTED: Outcome<never, never> = Object.freeze({ _tag: "Interrupted" })
let nextId = 1
/** Marks a handle whose outcome was taken by `poll`. */
const JOINED = Symbol("joined")

/**
 * A spawned future. One object is the task, its waker, the `Context` its future is
 * polled with, and the `JoinHandle` returned to the spawner — so spawning allocates once
 * and waking allocates nothing.
 * @internal
 */
export class Task<T, E> implements Waker, Context, JoinHandle<T, E> {
  declare readonly "~error"?: E
  readonly id: number
  /** True while the task sits in the run queue (wakes are coalesced). */
  queued: boolean
  outcome: Outcome<T, E> | undefined
  readonly timer: Timer | undefined
  readonly spawner: Spawner | undefined
  #future: Future<T, E> | undefined
  readonly #queue: RunQueue
  /** The joiner's waker; `JOINED` once the outcome was taken by `poll` (one field, not two). */
  #joinWaker: Waker | typeof JOINED | undefined
  /** The promise behind `then`, made on first use (one field, not three: tasks stay small). */
  #deferred: { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } | undefined
  #listeners: ((o: Outcome<T, E>) => void)[] | undefined
  /** The `Interrupted` the future threw, if it ended that way: rethrown to joiners as is. */
  #interruption: Interrupted | undefined

  // Fields are assigned here, not by initializers: V8 (Node 20) runs initializers as a
  // separate call per construction.
  constructor(future: Future<T, E>, queue: RunQueue, timer: Timer | undefined, spawner: Spawner | undefined) {
    this.id = nextId++
    this.queued = false
    this.outcome = undefined
    this.timer = timer
    this.spawner = spawner
    this.#future = future
    this.#queue = queue
    this.#joinWaker = undefined
    this.#deferred = undefined
    this.#listeners = undefined
    this.#interruption = undefined
  }

  /** The task is its own waker (a getter, so it costs no field). */
  get waker(): Waker {
    return this
  }

  /** Rule 2: only schedules; never polls on the caller's stack. */
  wake(): void {
    if (this.queued) return
    if (this.outcome !== undefined) {
      this.#queue.strayWake?.(this)
      return
    }
    this.queued = true
    this.#queue.enqueue(this)
  }

  /** Poll the future once. Called by the executor only. */
  run(): void {
    const f = this.#future
    if (f === undefined || this.outcome !== undefined) return
    let r: Poll<T>
    try {
      r = f.poll(this)
    } catch (error) {
      if (this.outcome !== undefined) return
      // rule 6: a thrown Interrupted (an aborted signal, an awaited cancelled task) is the
      // interrupted outcome, as settle()/outcomeOf classify it — not a failure
      if (error instanceof Interrupted) {
        this.#interruption = error
        this.#finish(INTERRUPTED)
      } else this.#finish({ _tag: "Failure", error: error as E })
      return
    }
    if (r !== Pending && this.outcome === undefined) this.#finish({ _tag: "Success", value: r as T })
  }

  cancel(): void {
    if (this.outcome !== undefined) return
    this.outcome = INTERRUPTED
    const f = this.#future
    try {
      f?.cancel()
    } finally {
      this.#settle(INTERRUPTED)
    }
  }

  /** Register a callback for the outcome (adapters use this instead of a Promise). */
  onSettle(listener: (o: Outcome<T, E>) => void): void {
    if (this.outcome !== undefined) {
      listener(this.outcome)
      return
    }
    ;(this.#listeners ??= []).push(listener)
  }

  poll(cx: Context): Poll<T> {
    const o = this.outcome
    if (o === undefined) {
      this.#joinWaker = cx.waker
      return Pending
    }
    if (this.#joinWaker === JOINED) throw new PollAfterReady(this.label)
    this.#joinWaker = JOINED
    if (o._tag === "Success") return o.value
    if (o._tag === "Failure") throw o.error
    throw this.#interruption ?? new Interrupted(this.label)
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#getPromise().then(onfulfilled, onrejected)
  }

  get label(): string {
    return `task#${this.id}`
  }

  toString(): string {
    return this.label
  }

  [Symbol.iterator](): Iterator<Future<T, E>, T, any> {
    return iterateOnce(this)
  }

  #getPromise(): Promise<T> {
    let d = this.#deferred
    if (d === undefined) {
      let resolve!: (v: T) => void
      let reject!: (e: unknown) => void
      const promise = new Promise<T>((res, rej) => {
        resolve = res
        reject = rej
      })
      d = this.#deferred = { promise, resolve, reject }
      if (this.outcome !== undefined) this.#settlePromise(this.outcome)
    }
    return d.promise
  }

  #finish(o: Outcome<T, E>): void {
    this.outcome = o
    this.#settle(o)
  }

  #settle(o: Outcome<T, E>): void {
    this.#future = undefined
    const w = this.#joinWaker
    this.#joinWaker = undefined
    if (w !== undefined && w !== JOINED) w.wake()
    if (this.#deferred !== undefined) this.#settlePromise(o)
    const ls = this.#listeners
    if (ls !== undefined) {
      this.#listeners = undefined
      for (const l of ls) {
        try {
          l(o)
        } catch (e) {
          // One listener's bug must not starve the others or break the executor's drain:
          // report it to the host as an uncaught error instead.
          queueMicrotask(() => {
            throw e
          })
        }
      }
    }
  }

  #settlePromise(o: Outcome<T, E>): void {
    const d = this.#deferred!
    if (o._tag === "Success") d.resolve(o.value)
    else if (o._tag === "Failure") d.reject(o.error)
    else d.reject(this.#interruption ?? new Interrupted(this.label))
  }
}
