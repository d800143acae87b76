import { inheritTaskLocals } from "../task-local/task-local.js"
import { disposeSymbol } from "../internal/dispose.js"
import type { JoinHandle, Outcome } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { Interrupted, PollAfterReady } from "../errors.js"
import { iterateOnce } from "../future-base.js"
import { idleFuture } from "../internal/idle-future.js"
import { enterFaultScope, leaveFaultScope, reportFault, type FaultReporter } from "../fault/report.js"
import { teardownFault, wakeQuietly } from "../fault/teardown.js"
import { nameOf, type WaitDescription } from "../introspect/describe-wait.js"
import { globalHooks } from "../introspect/hooks.js"

/**
 * The queue a task puts itself on when woken; it is also the executor whose capabilities
 * the task's `Context` hands out (the task keeps no copies of them: tasks stay small).
 * (Executors meet it structurally; public executor classes do not declare it.)
 * @internal
 */
export interface RunQueue extends Spawner {
  enqueue(task: Task<any, any>): void
  /** Told when a finished or cancelled task is woken: a registration outlived its future. */
  strayWake?(task: Task<any, any>): void
  /** The timer handed to the executor's tasks as `cx.timer`; `undefined` when it has none. */
  readonly taskTimer: Timer | undefined
  /** The newest task still running: the head of the intrusive list `Task.cancelLive` walks. */
  liveHead?: Task<any, any> | undefined
  /**
   * Where faults raised while its tasks are polled or cancelled go (rule 8); `undefined`: the process-wide reporter.
   */
  readonly faultReporter: FaultReporter | undefined
  /**
   * Told once when a task ends, however it ends, with the future it ran (instrumentation's
   * `onTaskEnd`) — only while some hook is installed in the process (`globalHooks.inUse`).
   */
  taskEnded?(task: Task<any, any>, future: Future<any, any>): void
}

const INTERRUPTED: Outcome<never, never> = Object.freeze({ _tag: "Interrupted" })

/**
 * The interrupted outcome of a task whose future threw `Interrupted` itself: it carries that
 * error (in a private field, so the outcome still equals `{ _tag: "Interrupted" }`) and
 * joiners rethrow it as is. The task needs no extra field for it.
 */
class ThrownInterruption {
  readonly _tag: "Interrupted"
  readonly #error: Interrupted
  constructor(error: Interrupted) {
    this._tag = "Interrupted"
    this.#error = error
    Object.freeze(this)
  }
  /** The error to throw to a joiner of a task that ended with `o` (interrupted). */
  static errorOf(o: Outcome<unknown, unknown>, label: string): Interrupted {
    return o instanceof ThrownInterruption ? o.#error : new Interrupted(label)
  }
}

/**
 * Whoever waits for a task besides one polling joiner: made on the first `then` or
 * `onSettle`, so a task that is only polled (or never joined) carries none of it.
 */
class Joiners<T> {
  /**
   * An unused instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Joiners<never> | null | undefined
  waker: Waker | undefined
  promise: Promise<T> | undefined
  resolve: ((v: T) => void) | undefined
  reject: ((e: unknown) => void) | undefined
  listeners: ((o: Outcome<T, any>) => void)[] | undefined
  constructor(waker: Waker | undefined) {
    this.waker = waker
    this.promise = undefined
    this.resolve = undefined
    this.reject = undefined
    this.listeners = undefined
    if (Joiners.#idle === undefined) {
      Joiners.#idle = null
      Joiners.#idle = new Joiners(undefined)
    }
  }
}

// `#s` packs the task's flags and its id into one small integer (one field, not four).
const QUEUED = 1
const DONE = 2
const JOINED = 4
/** `#slot` holds the success value itself; the `Success` outcome object is made when asked for. */
const RAW = 8
/** Marked by a combinator's duplicate check (see `Task.markSeen`); never set while user code runs. */
const SEEN = 16
const ID_SHIFT = 5
/** Ids cycle below 2^25 so `#s` stays a small integer (Smi) on every V8 configuration. */
const MAX_ID = (1 << 25) - 1
let nextId = 1

/** The run queue of the idle `Task` and of other idle executor objects (never run, never woken). @internal */
export const idleQueue: RunQueue = {
  enqueue: () => {},
  spawn: () => {
    throw new TypeError("the idle task's queue spawns nothing")
  },
  taskTimer: undefined,
  faultReporter: undefined,
  liveHead: undefined,
}

/**
 * A spawned future. One object is the task, its waker, the `Context` its future is
 * polled with, and the `JoinHandle` returned to the spawner — so spawning allocates once
 * and waking allocates nothing.
 *
 * It has four fields (heap bytes per pending task matter, bench D): the flags and id
 * packed in one integer; the future while it runs, then its outcome; the run queue (which
 * is also the source of `timer` and `spawner`); and the joiner — one polling joiner's
 * waker, or a {@link Joiners} once `then`/`onSettle` is used.
 * @internal
 */
export class Task<T, E> implements Waker, Context, JoinHandle<T, E> {
  declare readonly "~error"?: E
  /**
   * A never-run task, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Task<never, never> | null | undefined
  /** `id << ID_SHIFT | QUEUED? | DONE? | JOINED? | RAW? | SEEN?` */
  #s: number
  /**
   * The future while the task runs (`DONE` clear), its outcome once it ended (`DONE` set) —
   * or, with `RAW` set, the success value itself: a task whose only joiner polls it (join,
   * `yield*`) ends without allocating an outcome object.
   */
  #slot: Future<T, E> | Outcome<T, E> | T
  readonly #queue: RunQueue
  /** Links of the queue's list of running tasks (intrusive: no allocation per task). */
  #prevLive: Task<any, any> | undefined
  #nextLive: Task<any, any> | undefined
  /** The polling joiner's waker, or every kind of joiner once `then`/`onSettle` was used. */
  #join: Waker | Joiners<T> | undefined

  // Fields are assigned here, not by initializers: V8 (Node 20) runs initializers as a
  // separate call per construction.
  constructor(future: Future<T, E>, queue: RunQueue) {
    const id = nextId
    nextId = id === MAX_ID ? 1 : id + 1
    this.#s = id << ID_SHIFT
    // a task spawned inside a scope of an inheriting TaskLocal keeps its value
    this.#slot = inheritTaskLocals(future)
    this.#queue = queue
    this.#join = undefined
    const head = queue.liveHead
    this.#prevLive = undefined
    this.#nextLive = head
    if (head !== undefined) head.#prevLive = this
    queue.liveHead = this
    if (Task.#idle === undefined) {
      Task.#idle = null
      const idle = new Task(idleFuture, idleQueue)
      // it takes no id from real tasks, and no task-local value of the scope it was made in
      nextId = id === MAX_ID ? 1 : id + 1
      idle.#slot = idleFuture
      Task.#idle = idle
    }
  }

  /**
   * A task for `future` as it is: its task-locals were already taken by whoever polled it
   * first (see `LocalExecutor.startNow`), so they are not wrapped around it again.
   */
  static adopt<T, E>(future: Future<T, E>, queue: RunQueue): Task<T, E> {
    const t = new Task<T, E>(future, queue)
    t.#slot = future
    return t
  }

  static #unlink(t: Task<any, any>): void {
    const p = t.#prevLive
    const n = t.#nextLive
    if (p !== undefined) p.#nextLive = n
    else if (t.#queue.liveHead === t) t.#queue.liveHead = n
    if (n !== undefined) n.#prevLive = p
    t.#prevLive = t.#nextLive = undefined
  }

  /**
   * Cancel every task of `queue` still running, newest first (tasks spawned by a cancel are
   * cancelled too). `cancel()` never throws (rule 8: a throwing teardown is reported).
   * @returns how many tasks were cancelled.
   */
  static cancelLive(queue: RunQueue): number {
    let n = 0
    for (let t = queue.liveHead; t !== undefined; t = queue.liveHead) {
      n++
      t.cancel() // unlinks it
      if (queue.liveHead === t) Task.#unlink(t) // never loop on one task
    }
    return n
  }

  /**
   * A number naming the task in its label (`task#<id>`). Ids are given in spawn order and
   * cycle after 2^26 - 1 tasks: they tell tasks apart in messages, they are not keys.
   */
  get id(): number {
    return this.#s >>> ID_SHIFT
  }

  /**
   * Mark `t` while a combinator scans its futures for repeats; false when `t` was marked
   * already (the same handle given twice). The scan clears every mark with
   * {@link Task.clearSeen} before any user code runs: a flag bit costs no field and, unlike
   * a `Set`, no identity hash per handle.
   */
  static markSeen(t: Task<any, any>): boolean {
    const s = t.#s
    if ((s & SEEN) !== 0) return false
    t.#s = s | SEEN
    return true
  }

  /** Clear the mark {@link Task.markSeen} set. */
  static clearSeen(t: Task<any, any>): void {
    t.#s &= ~SEEN
  }

  /**
   * Visit every task of `queue` still running, newest first (for snapshots; `fn` must not
   * end tasks).
   */
  static forEachLive(queue: RunQueue, fn: (t: Task<any, any>) => void): void {
    for (let t = queue.liveHead; t !== undefined; t = t.#nextLive) fn(t)
  }

  /** True once the task has ended (its outcome is decided). */
  get ended(): boolean {
    return (this.#s & DONE) !== 0
  }

  /** The future while the task runs, `undefined` once it ended. */
  get future(): Future<T, E> | undefined {
    return (this.#s & DONE) === 0 ? (this.#slot as Future<T, E>) : undefined
  }

  /**
   * Its `named()` name or automatic label while it runs (computed when read); once ended, the
   * name of the future it ran when instrumentation kept it ({@link Task.keepFuture}), else its label.
   */
  get name(): string {
    const f = this.future
    if (f !== undefined) return nameOf(f)
    const ran = Task.#ran.get(this)
    return ran === undefined ? this.label : nameOf(ran)
  }

  /** The futures ended tasks ran, kept only while hooks watch (so hooks told of the end can still name it). */
  static readonly #ran = new WeakMap<Task<any, any>, Future<any, any>>()

  /** Keep the future `t` ran, for its name (called by an instrumented executor as the task ends). */
  static keepFuture(t: Task<any, any>, future: Future<any, any>): void {
    Task.#ran.set(t, future)
  }

  /** As another task's wait: which task it waits for (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return `${this.label} (${this.name})`
  }

  /** True while the task sits in the run queue (wakes are coalesced). */
  get queued(): boolean {
    return (this.#s & QUEUED) !== 0
  }

  /** The outcome once the task has ended, `undefined` while it runs. */
  get outcome(): Outcome<T, E> | undefined {
    return (this.#s & DONE) !== 0 ? Task.#outcomeOf(this) : undefined
  }

  /** The executor's timer (read from it: a getter costs no field). */
  get timer(): Timer | undefined {
    return this.#queue.taskTimer
  }

  /** The executor, which spawns siblings. */
  get spawner(): Spawner {
    return this.#queue
  }

  /** The task is its own waker (a getter, so it costs no field). */
  get waker(): Waker {
    return this
  }

  /** Rule 2: only schedules; never polls on the caller's stack. */
  wake(): void {
    const s = this.#s
    if ((s & (QUEUED | DONE)) !== 0) {
      if ((s & QUEUED) === 0) this.#queue.strayWake?.(this)
      return
    }
    this.#s = s | QUEUED
    this.#queue.enqueue(this)
  }

  /** Take the task off the queue's books and poll its future once. Called by the executor only. */
  run(): void {
    const s = this.#s & ~QUEUED
    this.#s = s
    if ((s & DONE) !== 0) return
    const f = this.#slot as Future<T, E>
    let r: Poll<T>
    try {
      r = f.poll(this)
    } catch (error) {
      if ((this.#s & DONE) !== 0) return
      // rule 6: a thrown Interrupted (an aborted signal, an awaited cancelled task) is the
      // interrupted outcome, as settle()/outcomeOf classify it — not a failure
      Task.#finish(
        this,
        f,
        error instanceof Interrupted
          ? (new ThrownInterruption(error) as Outcome<T, E>)
          : { _tag: "Failure", error: error as E },
      )
      return
    }
    if (r !== Pending && (this.#s & DONE) === 0) Task.#succeed(this, f, r as T)
  }

  /** End `t` with the value its future returned (kept out of `run`, which stays small enough to inline). */
  static #succeed<T, E>(t: Task<T, E>, f: Future<T, E>, value: T): void {
    const j = t.#join
    if (j instanceof Joiners) {
      Task.#finish(t, f, { _tag: "Success", value })
      return
    }
    // no listener or promise needs an outcome object: keep the value, wake the joiner
    t.#slot = value
    t.#s |= DONE | RAW
    Task.#unlink(t)
    Task.#tellEnd(t, f)
    if (j !== undefined) {
      t.#join = undefined
      wakeQuietly(j, "a task's joiner")
    }
  }

  cancel(): void {
    const s = this.#s
    if ((s & DONE) !== 0) return
    const f = this.#slot as Future<T, E>
    this.#slot = INTERRUPTED
    this.#s = s | DONE
    Task.#unlink(this)
    Task.#tellEnd(this, f)
    // rule 8: the interruption is decided; a teardown that throws goes to the executor's
    // reporter, never to whoever called cancel()
    const prev = enterFaultScope(this.#queue.faultReporter)
    try {
      try {
        f.cancel()
      } catch (e) {
        teardownFault(e, `cancelling ${this.label}`)
      }
      Task.#settle(this, INTERRUPTED)
    } finally {
      leaveFaultScope(prev)
    }
  }

  /** {@link cancel}, for `using`: a task handle bound with `using` is cancelled at the end of the block. */
  [disposeSymbol](): void {
    this.cancel()
  }

  /** Register a callback for the outcome (adapters use this instead of a Promise). */
  onSettle(listener: (o: Outcome<T, E>) => void): void {
    if ((this.#s & DONE) !== 0) {
      listener(Task.#outcomeOf(this))
      return
    }
    ;(Task.#joiners(this).listeners ??= []).push(listener)
  }

  poll(cx: Context): Poll<T> {
    const s = this.#s
    if ((s & DONE) === 0) {
      const j = this.#join
      if (j instanceof Joiners) j.waker = cx.waker
      else this.#join = cx.waker
      return Pending
    }
    if ((s & JOINED) !== 0) throw new PollAfterReady(this.label)
    this.#s = s | JOINED
    if ((s & RAW) !== 0) return this.#slot as T
    const o = this.#slot as Outcome<T, E>
    if (o._tag === "Success") return o.value
    if (o._tag === "Failure") throw o.error
    throw ThrownInterruption.errorOf(o, this.label)
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return Task.#getPromise(this).then(onfulfilled, onrejected)
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

  /** The outcome of an ended task, made from the kept value on first request (`RAW`). */
  static #outcomeOf<T, E>(t: Task<T, E>): Outcome<T, E> {
    const s = t.#s
    if ((s & RAW) === 0) return t.#slot as Outcome<T, E>
    const o: Outcome<T, E> = { _tag: "Success", value: t.#slot as T }
    t.#slot = o
    t.#s = s & ~RAW
    return o
  }

  static #joiners<T>(t: Task<T, any>): Joiners<T> {
    const j = t.#join
    return j instanceof Joiners ? j : (t.#join = new Joiners<T>(j))
  }

  static #getPromise<T, E>(t: Task<T, E>): Promise<T> {
    const j = Task.#joiners(t)
    let p = j.promise
    if (p === undefined) {
      p = j.promise = new Promise<T>((res, rej) => {
        j.resolve = res
        j.reject = rej
      })
      if ((t.#s & DONE) !== 0) Task.#settlePromise(t, j, Task.#outcomeOf(t))
    }
    return p
  }

  /** Tell the executor `t` ended (instrumentation's `onTaskEnd`), only while some hook is installed. */
  static #tellEnd(t: Task<any, any>, f: Future<any, any>): void {
    if (globalHooks.inUse !== 0) t.#queue.taskEnded?.(t, f)
  }

  static #finish<T, E>(t: Task<T, E>, f: Future<T, E>, o: Outcome<T, E>): void {
    t.#slot = o
    t.#s |= DONE
    Task.#unlink(t)
    Task.#tellEnd(t, f)
    Task.#settle(t, o)
  }

  static #settle<T, E>(t: Task<T, E>, o: Outcome<T, E>): void {
    const j = t.#join
    if (j === undefined) return
    if (!(j instanceof Joiners)) {
      t.#join = undefined
      wakeQuietly(j, "a task's joiner")
      return
    }
    // the Joiners stays (it holds the promise a later `then` reuses); what it waited with goes
    const w = j.waker
    j.waker = undefined
    if (w !== undefined) wakeQuietly(w, "a task's joiner")
    if (j.resolve !== undefined) Task.#settlePromise(t, j, o)
    const ls = j.listeners
    if (ls !== undefined) {
      j.listeners = undefined
      for (const l of ls) {
        try {
          l(o)
        } catch (e) {
          // One listener's bug must not starve the others or break the executor's drain
          // (rule 8): it goes to the fault reporter.
          reportFault(e, `a listener of ${t.label}'s outcome threw`)
        }
      }
    }
  }

  static #settlePromise<T, E>(t: Task<T, E>, j: Joiners<T>, o: Outcome<T, E>): void {
    const resolve = j.resolve!
    const reject = j.reject!
    j.resolve = j.reject = undefined
    if (o._tag === "Success") resolve(o.value)
    else if (o._tag === "Failure") reject(o.error)
    else reject(ThrownInterruption.errorOf(o, t.label))
  }
}
