import { disposeSymbol } from "../internal/dispose.js"
import type { Executor, JoinHandle } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import type { Spawner, Timer } from "../contracts/waker.js"
import { ExecutorClosed, InvalidArgument, MissingCapability } from "../errors.js"
import { checkCount, checkFuture, checkOptions, checkTimer, isFutureLike } from "../internal/check.js"
import { enterFaultScope, leaveFaultScope, type FaultReporter } from "../fault/report.js"
import { hostNow } from "../internal/host-now.js"
import { hostMacrotask } from "./host-macrotask.js"
import { Ring } from "../internal/ring.js"
import { Task } from "./task.js"
import { FirstPoll, Threw, leaveError, leaveHandle } from "./first-poll.js"
import { inheritTaskLocals } from "../task-local/task-local.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { type ExecutorHooks, checkHooks, combineHooks, globalHooks } from "../introspect/hooks.js"
import { TaskTracker, infoOf, type IntrospectOptions } from "../introspect/tracker.js"
import { formatTasks } from "../introspect/task-info.js"
import type { TaskInfo } from "../contracts/task-info.js"
import { checkName, named, waitChain } from "../introspect/describe-wait.js"
import type { Waker } from "../contracts/waker.js"

/** Options of {@link LocalExecutor}. */
export interface LocalExecutorOptions {
  /** The timer capability handed to futures. Without it, `sleep`/`timeout` fail with `MissingCapability`. */
  readonly timer?: Timer | undefined
  /** Schedules a drain after the first wake. Default: `queueMicrotask`. */
  readonly schedule?: ((drain: () => void) => void) | undefined
  /**
   * Schedules the next drain after a full batch, so the host can run timers and IO
   * (rule 5). Default: the same as `schedule` when `schedule` is given; otherwise a host
   * macrotask ({@link hostMacrotask}: `setImmediate`, else a `MessageChannel` message, else
   * `setTimeout(0)`, looked up when first needed), so a
   * self-waking task cannot starve the host's timers. Adapters pass their runtime's macrotask.
   */
  readonly yieldToHost?: ((drain: () => void) => void) | undefined
  /**
   * Polls per drain before yielding to the host (see `slice`). Default 1024; an integer from
   * 1 to 65,536 (more would let one drain keep the host waiting, rule 5).
   */
  readonly budget?: number | undefined
  /**
   * Milliseconds a drain may keep polling, in further batches of `budget`, before it yields
   * to the host: a busy run queue then pays for one host macrotask per slice instead of one
   * per `budget` polls, while timers and IO still get a turn at least every `slice` ms (plus
   * one batch). The clock is read only when a batch used up its budget, and a drain runs at
   * most 64 further batches per ms of slice whatever the clock says (a frozen fake clock, a
   * `Date.now` set back). `0` yields after
   * every batch. Default: 1 with the default host hooks (real time); 0 when `schedule` or
   * `yieldToHost` is given (an adapter's scheduler, a virtual clock: polls per turn stay
   * deterministic). At most 100 ms, so no configuration can keep the host waiting longer
   * (rule 5).
   */
  readonly slice?: number | undefined
  /** Name for `describe()`. */
  readonly name?: string | undefined
  /**
   * Where faults go that happen while this executor polls or cancels its tasks and have no
   * caller to go to (rule 8): a teardown that threw during `handle.cancel()` or a
   * combinator's cancel of a loser, a `wake()` that threw. Default: the process-wide
   * reporter (`setFaultReporter`; the console unless replaced), which never crashes the
   * process.
   */
  readonly onFault?: FaultReporter | undefined
  /**
   * Instrumentation hooks this executor calls as its tasks run (see {@link ExecutorHooks});
   * also settable later with `setHooks`. Default: none, which costs one check per batch.
   */
  readonly hooks?: ExecutorHooks | undefined
  /**
   * Record per-task counters for `tasks()` / `dump()`: age, polls, wakes, poll times, the
   * spawning task (and, with `{ spawnSites: true }`, where each task was spawned). Default
   * off: then `tasks()` still lists every task with its name, state and wait.
   */
  readonly introspect?: boolean | IntrospectOptions | undefined
}

/** Options of `spawn`. */
export interface SpawnOptions {
  /** A fixed name for the task, shown by `tasks()`, `dump()` and hooks (as `named(f, name)`). */
  readonly name?: string | undefined
}

const microtask = (fn: () => void): void => queueMicrotask(fn)

/** Refuses options of the wrong type at construction, naming the option (every executor is built on this one). */
function checkLocalOptions(options: LocalExecutorOptions): void {
  checkOptions("new LocalExecutor(options)", options)
  const name = options.name
  if (name !== undefined && typeof name !== "string") {
    throw new InvalidArgument(
      "LocalExecutor({ name })",
      `expected a string, got ${typeof name}`,
      'pass a name such as "worker", or leave it out',
    )
  }
  checkTimer("new LocalExecutor({ timer })", options.timer)
  for (const key of ["schedule", "yieldToHost"] as const) {
    const hook = options[key]
    if (hook !== undefined && typeof hook !== "function") {
      throw new InvalidArgument(
        `LocalExecutor({ ${key} })`,
        `expected a function (drain) => void, got ${hook === null ? "null" : typeof hook}`,
        "pass a function that calls drain later, or leave it out",
      )
    }
  }
}

/** The largest `budget` an executor accepts: more polls per batch would starve the host (rule 5). */
const MAX_BUDGET = 65_536
/** The longest `slice` (ms) an executor accepts: the host gets a turn at least this often (rule 5). */
const MAX_SLICE = 100

/**
 * Further batches a drain may run per millisecond of slice, whatever its clock says: 64
 * batches of 1024 polls take about a millisecond at ~15 ns a poll, so the cap only binds
 * when the clock is frozen (fake timers) or was set back.
 */
const BATCHES_PER_MS = 64

/** `#told` while the executor polls: every wake in its queue has been told to `onWake`. */
const ALL_TOLD = -1

/**
 * The reference executor: a ring-buffer run queue of tasks, drained in batches.
 *
 * @remarks
 * - A task is its own waker: waking allocates nothing, and waking a queued task is a no-op.
 * - Rule 2: `wake()` only enqueues; the drain runs later via the `schedule` hook.
 * - Rule 5: a task that wakes itself while being polled goes to the back of the queue, and
 *   one drain polls batches of `budget` tasks for at most `slice` ms (one batch when the
 *   slice is 0) before handing the rest to `yieldToHost`.
 * - Every adapter's executor is this class with its own hooks and clock.
 * - A task that fails with nobody awaiting it causes no unhandled rejection: the handle's
 *   promise is only created when `then` is called.
 * - Rule 8: `handle.cancel()` never throws. Faults with no caller to go to — a teardown that
 *   threw while a task or a combinator's loser was cancelled, a `wake()` that threw, an
 *   outcome listener that threw — go to the `onFault` option while this executor polls or
 *   cancels its tasks, else to the process-wide reporter; neither crashes the process.
 *
 * @example
 * ```ts
 * const ex = new LocalExecutor({ timer: new TimerQueue(hostClock()) })
 * const v = await ex.spawn(gen(function* () { yield* sleep(10); return 42 }))
 * ```
 */
export class LocalExecutor implements Executor, Spawner {
  readonly #queue = new Ring<Task<any, any>>()
  readonly #timer: Timer | undefined
  readonly #schedule: (drain: () => void) => void
  readonly #yield: (drain: () => void) => void
  readonly #budget: number
  readonly #slice: number
  /** The most further batches one drain runs in its slice, however its clock behaves. */
  readonly #sliceBatches: number
  readonly #name: string
  readonly #onFault: FaultReporter | undefined
  #scheduled = false
  #closed = false
  /** @internal The newest running task (see `Task.cancelLive`). */
  liveHead: Task<any, any> | undefined = undefined

  /**
   * @throws InvalidArgument when `budget` is not an integer from 1 to 65,536, `slice` not a
   * number of milliseconds from 0 to 100, or `onFault` not a function.
   */
  constructor(options: LocalExecutorOptions = {}) {
    checkLocalOptions(options)
    this.#timer = options.timer
    this.#schedule = options.schedule ?? microtask
    this.#yield = options.yieldToHost ?? (options.schedule === undefined ? hostMacrotask : this.#schedule)
    const where = options.name === undefined ? "LocalExecutor" : `${options.name} executor`
    const budget = checkCount(`${where}({ budget })`, options.budget === undefined ? 1024 : options.budget, 1, Infinity)
    if (budget > MAX_BUDGET) {
      throw new InvalidArgument(
        `${where}({ budget })`,
        `${budget} polls per batch would keep the host waiting (rule 5); at most ${MAX_BUDGET} are allowed`,
        "pass a smaller budget; the default is 1024",
      )
    }
    this.#budget = budget
    const realTime = options.schedule === undefined && options.yieldToHost === undefined
    const slice = options.slice ?? (realTime ? 1 : 0)
    if (typeof slice !== "number" || !(slice >= 0) || slice > MAX_SLICE) {
      throw new InvalidArgument(
        `${where}({ slice })`,
        `expected milliseconds from 0 to ${MAX_SLICE}, got ${String(slice)}; ` +
          `a longer slice would keep timers and IO waiting (rule 5)`,
        "pass 0 to yield after every batch, or e.g. 1 (the default)",
      )
    }
    this.#slice = slice
    this.#sliceBatches = Math.ceil(slice * BATCHES_PER_MS)
    this.#name = options.name ?? "local"
    const onFault = options.onFault
    if (onFault !== undefined && typeof onFault !== "function") {
      throw new InvalidArgument(
        `${where}({ onFault })`,
        `expected a function (error, origin) => void, got ${onFault === null ? "null" : typeof onFault}`,
        "pass a function, or leave it out to use the process-wide reporter",
      )
    }
    this.#onFault = onFault
    checkHooks(`${where}({ hooks })`, options.hooks)
    const intro = options.introspect
    if (intro !== undefined && typeof intro !== "boolean" && (typeof intro !== "object" || intro === null)) {
      throw new InvalidArgument(
        `${where}({ introspect })`,
        `expected true, false or { spawnSites }, got ${intro === null ? "null" : typeof intro}`,
        "pass introspect: true to record task counters, or leave it out",
      )
    }
    this.#user = options.hooks
    if (intro !== undefined && intro !== false) this.#tracker = new TaskTracker(intro === true ? {} : intro)
    this.#refreshHooks()
  }

  /** Hooks given by the user (option or `setHooks`). */
  #user: ExecutorHooks | undefined = undefined
  /** The counters behind `tasks()`, when tracking. */
  #tracker: TaskTracker | undefined = undefined
  /** The user's hooks and the tracker, combined (every call guarded); `undefined` when neither. */
  #own: ExecutorHooks | undefined = undefined
  /** `#own` combined with the process-wide hooks, for `#mixVersion` of them. */
  #mix: ExecutorHooks | undefined = undefined
  #mixVersion = -1
  /**
   * The task `start` polls on the caller's stack while hooks are installed. The run loop
   * stores nothing per poll: its polled task is the one its queue last took (`Ring.taken`),
   * as storing the task into this long-lived executor costs a write barrier on every poll
   * (≈ 8 ns per poll measured in ping-pong), and even storing its id ≈ 1 ns.
   */
  #current: Task<any, any> | undefined = undefined
  /** The id of the task `start` polls on the caller's stack with no hook installed (0: none). */
  #pollingId = 0

  /** The task being polled by this executor right now, if any (the innermost when nested). */
  #polled(): Task<any, any> | undefined {
    return this.#current ?? this.#queue.taken
  }
  /** The timer handed to tasks while timer hooks are installed, made for `#timerHooks`. */
  #hookedTimer: Timer | undefined = undefined
  #timerHooks: ExecutorHooks | undefined = undefined

  #refreshHooks(): void {
    const user = this.#user
    const tracker = this.#tracker
    const had = this.#own !== undefined
    this.#own = user === undefined && tracker === undefined ? undefined : combineHooks(tracker, user)
    // an executor that once had hooks and is dropped with them keeps the count up: hooks then
    // cost a lookup as before, they are never skipped while installed
    if (had !== (this.#own !== undefined)) globalHooks.inUse += had ? -1 : 1
    this.#mixVersion = -1
  }

  /** The hooks to call now: this executor's and the process-wide ones; `undefined` when none. */
  #hooks(): ExecutorHooks | undefined {
    if (globalHooks.inUse === 0) return undefined
    const g = globalHooks.current
    const own = this.#own
    if (g === undefined) return own
    if (own === undefined) return g
    if (this.#mixVersion !== globalHooks.version) {
      this.#mix = combineHooks(own, g)
      this.#mixVersion = globalHooks.version
    }
    return this.#mix
  }

  /**
   * Replace this executor's instrumentation hooks (`undefined` removes them). Process-wide
   * hooks ({@link installHooks}) and task tracking stay.
   * @throws InvalidArgument when `hooks` is not an object of functions.
   */
  setHooks(hooks: ExecutorHooks | undefined): void {
    checkHooks(`${this.#name}.setHooks(hooks)`, hooks)
    this.#user = hooks
    this.#refreshHooks()
  }

  /**
   * Start recording per-task counters for {@link tasks} (as the `introspect` option does):
   * tasks spawned from now on get ages, poll counts and times, wakes and their parent.
   */
  trackTasks(options: IntrospectOptions = {}): void {
    checkOptions(`${this.#name}.trackTasks(options)`, options)
    if (this.#tracker !== undefined) return
    this.#tracker = new TaskTracker(options)
    this.#refreshHooks()
  }

  /**
   * A snapshot of every task still running, oldest first: id, name, state, what it waits on
   * and, while tracking (`introspect`), counters and the spawning task. Walking the tasks'
   * futures happens here, not while they run.
   * @example
   * ```ts
   * const ex = new NativeExecutor({ introspect: true })
   * ex.spawn(named(rx.recv(), "inbox"))
   * // later: ex.tasks() →
   * //   [{ id: 1, name: "inbox", state: "waiting", waitingOn: ["mpsc receive (0 queued)"], polls: 1, … }]
   * ```
   */
  tasks(): TaskInfo[] {
    const out: TaskInfo[] = []
    const records = this.#tracker?.records
    const now = records === undefined ? 0 : hostNow()
    const current = this.#polled()
    const pollingId = this.#pollingId
    Task.forEachLive(this, (t) => {
      const f = t.future
      const state = t === current || t.id === pollingId ? "polling" : t.queued ? "queued" : "waiting"
      const base = {
        id: t.id,
        name: t.name,
        state,
        waitingOn: state === "waiting" && f !== undefined ? waitChain(f) : [],
      } as const
      const r = records?.get(t)
      if (r === undefined) {
        out.push(base)
        return
      }
      out.push({ ...base, ...infoOf(r, now) })
    })
    out.reverse()
    const ended = this.#tracker?.ended
    return ended === undefined || ended.length === 0 ? out : [...ended, ...out]
  }

  /**
   * {@link tasks} as text: one line per task (children under the task that spawned them,
   * while tracking) and what it waits on, each line at most 100 columns.
   * @example
   * ```text
   * native executor: 2 tasks
   * task#1 fetch user 42 [waiting]  (polls 1, wakes 1, busy 0.02ms, max 0.02ms, age 5012ms)
   *    waits on: timer at t=5000 (timeout(5000)) + next(mpsc receiver)
   * ```
   */
  dump(): string {
    return formatTasks(`${this.#name} executor`, this.tasks())
  }

  /** @internal Instrumentation's `onTaskEnd`: told by every task of this executor as it ends. */
  taskEnded(task: Task<any, any>, future: Future<any, any>): void {
    const h = this.#hooks()
    if (h === undefined) return
    // the hooks told of the end (onTaskEnd, onPollEnd) may still read the task's name
    if (h.onTaskEnd !== undefined || h.onPollEnd !== undefined) Task.keepFuture(task, future)
    if (h.onTaskEnd !== undefined) h.onTaskEnd(task, task.outcome!)
  }

  /** The `onFault` reporter given to the constructor, if any. @internal */
  get faultReporter(): FaultReporter | undefined {
    return this.#onFault
  }

  get timer(): Timer {
    if (this.#timer === undefined) throw new MissingCapability("timer", `${this.#name} executor`)
    return this.#timer
  }

  /** The timer its tasks hand out as `cx.timer` (`undefined` when none was supplied). @internal */
  get taskTimer(): Timer | undefined {
    const timer = this.#timer
    if (timer === undefined) return timer
    const h = this.#hooks()
    if (h === undefined || (h.onTimerArmed === undefined && h.onTimerFired === undefined)) return timer
    if (this.#timerHooks !== h) {
      this.#timerHooks = h
      this.#hookedTimer = hookedTimer(timer, h, () => this.#polled())
    }
    return this.#hookedTimer
  }

  /** True when a timer capability was supplied. */
  get hasTimer(): boolean {
    return this.#timer !== undefined
  }

  describe(): string {
    return this.#name
  }

  /**
   * Start `future` as a task. Rule 7 holds: the first poll happens in the next drain, not here.
   * @throws InvalidArgument when `future` is not a Future (an object with `poll` and `cancel`).
   */
  spawn<T, E>(future: Future<T, E>, options?: SpawnOptions): JoinHandle<T, E> {
    // the message is built only for a bad argument: a template per spawn costs an allocation
    if (!isFutureLike(future)) checkFuture(`${this.#name}.spawn(future)`, future)
    if (this.#closed) throw new ExecutorClosed(`${this.#name} executor`)
    const t = new Task<T, E>(options === undefined ? future : withName(`${this.#name}.spawn`, future, options), this)
    const h = this.#hooks()
    if (h?.onSpawn !== undefined) h.onSpawn(t, this.#polled())
    t.wake()
    return t
  }

  /** True once disposed. */
  get closed(): boolean {
    return this.#closed
  }

  /**
   * Dispose the executor (for `using`): cancel every task it still runs — newest first, and
   * those their cancellation spawns — releasing their timers and listeners; afterwards
   * `spawn` throws `ExecutorClosed`. Idempotent. A teardown that throws goes to the fault
   * reporter (`onFault`, else the process-wide one) and the others are still cancelled (rule 8).
   * @example
   * ```ts
   * {
   *   using ex = new NativeExecutor()
   *   ex.spawn(poller())            // cancelled when the block ends: no timer keeps the process alive
   * }
   * ```
   */
  [disposeSymbol](): void {
    if (this.#closed) return
    this.#closed = true
    Task.cancelLive(this)
  }

  /**
   * Start `future` as a task and poll it once now, on the caller's stack — the way an async
   * function runs to its first `await` — instead of in the next drain. Runners that start
   * work eagerly anyway (`toPromise`: a Promise is eager) use it, so a future that finishes
   * without waiting costs no trip through the run queue. Later polls happen in drains as
   * usual, and wakes still only schedule (rule 2). `spawn` stays lazy (rule 7).
   * @throws InvalidArgument when `future` is not a Future (an object with `poll` and `cancel`).
   */
  start<T, E>(future: Future<T, E>): JoinHandle<T, E> {
    if (!isFutureLike(future)) checkFuture(`${this.#name}.start(future)`, future)
    if (this.#closed) throw new ExecutorClosed(`${this.#name} executor`)
    const t = new Task<T, E>(future, this)
    const h = this.#hooks()
    const outer = this.#current
    if (h?.onSpawn !== undefined) h.onSpawn(t, this.#polled())
    // the first poll is this executor's like every other: its faults go to its reporter
    const prev = enterFaultScope(this.#onFault)
    const outerId = this.#pollingId
    try {
      if (h === undefined) {
        this.#pollingId = t.id
        t.run()
      } else {
        const told = this.#tellOutsideWakes(h)
        this.#current = t
        try {
          LocalExecutor.#runHooked(t, h, this.#queue)
        } finally {
          this.#endTelling(told)
        }
      }
    } finally {
      this.#current = outer
      this.#pollingId = outerId
      leaveFaultScope(prev)
    }
    return t
  }

  /**
   * The first poll of {@link start}, made before any task exists: a future that finishes
   * there costs no task, no entry in the list of running tasks and no trip through the run
   * queue. Returns its value; or {@link Threw} when the poll threw (the error is taken with
   * `takeStartError()`); or `Pending` once the future has become a task (taken with
   * `takeStartedHandle()`), whose waker is the one the first poll handed out.
   *
   * The poll sees what a task's first poll sees: this executor's timer and spawner, the
   * inheriting task-locals in force, and faults go to this executor's `onFault` (rule 8).
   * With instrumentation hooks installed it is {@link start} (hooks see every task).
   * @throws InvalidArgument when `future` is not a Future; ExecutorClosed once disposed.
   * @internal
   */
  startNow<T, E>(future: Future<T, E>): Poll<T> | typeof Threw {
    if (this.#hooks() !== undefined) return LocalExecutor.#settledPoll(this.start(future))
    // the message is built only for a bad argument: a template per call costs an allocation
    if (!isFutureLike(future)) checkFuture(`${this.#name}.start(future)`, future)
    if (this.#closed) throw new ExecutorClosed(`${this.#name} executor`)
    const f = inheritTaskLocals(future)
    // the context of the last first poll that finished is reused (a nested start makes its own)
    let cx = this.#firstPoll
    if (cx === undefined) cx = new FirstPoll(this)
    else this.#firstPoll = undefined
    const prev = enterFaultScope(this.#onFault)
    let r: Poll<T>
    try {
      r = f.poll(cx)
    } catch (e) {
      leaveFaultScope(prev)
      leaveError(e)
      this.#firstPoll = cx.reset()
      return Threw
    }
    leaveFaultScope(prev)
    if (r !== Pending) {
      this.#firstPoll = cx.reset()
      return r
    }
    const t = Task.adopt(f, this)
    cx.adopt(t)
    leaveHandle(t)
    return Pending
  }

  /** A first-poll context free for the next {@link startNow}. */
  #firstPoll: FirstPoll | undefined = undefined

  /** {@link startNow}'s answer for a task `start` made (with hooks installed). */
  static #settledPoll<T, E>(t: JoinHandle<T, E>): Poll<T> | typeof Threw {
    const o = t.outcome
    if (o === undefined || o._tag === "Interrupted") {
      leaveHandle(t)
      return Pending
    }
    if (o._tag === "Success") return o.value
    leaveError(o.error)
    return Threw
  }

  /** Tasks waiting to be polled. */
  get queued(): number {
    return this.#queue.length
  }

  /** @internal */
  enqueue(task: Task<any, any>): void {
    // no hook lookup here (a wake is the hottest path): `onWake` is told from the queue by
    // the next instrumented batch (see `#tellWakes`)
    this.#queue.push(task)
    if (!this.#scheduled) {
      this.#scheduled = true
      this.#scheduling = true
      try {
        this.#schedule(this.#drain)
      } finally {
        this.#scheduling = false
      }
    }
  }

  /**
   * Queue entries (counted from the head) whose wakes `onWake` was told of, or `ALL_TOLD` while
   * this executor polls (then every wake is told as the poll that made it ends). The entries
   * behind them were woken from outside its polls (a timer, IO, another runtime) and are told,
   * with no waking task, when the next instrumented poll starts.
   */
  #told = 0

  /** Tell `onWake` of the entries its last poll did not (see `#told`); returns the old mark. */
  #tellOutsideWakes(h: ExecutorHooks): number {
    const told = this.#told
    if (told !== ALL_TOLD) LocalExecutor.#tellWakes(this.#queue, told, h, undefined)
    this.#told = ALL_TOLD
    return told
  }

  /**
   * After a poll or batch that began with `#told` at `told`: everything now queued was told,
   * unless an outer poll of this executor is still running (it keeps telling as it goes).
   */
  #endTelling(told: number): void {
    this.#told = told === ALL_TOLD ? told : this.#queue.length
  }

  /** Tell `onWake` of the queue entries from `from` on, woken by `by`. */
  static #tellWakes(q: Ring<Task<any, any>>, from: number, h: ExecutorHooks, by: Task<any, any> | undefined): void {
    const onWake = h.onWake
    if (onWake === undefined) return
    for (let i = from; i < q.length; i++) onWake(q.at(i)!, by)
  }

  /** True while a `schedule` hook is being called from a wake. */
  #scheduling = false

  /**
   * Poll queued tasks, at most `max` of them; returns how many were polled.
   * Tasks woken during the drain are polled in the same drain while the budget lasts.
   */
  runBatch(max: number): number {
    const q = this.#queue
    let n = 0
    // rule 8: faults raised by these polls (a loser's teardown, a throwing waker) go to this
    // executor's reporter
    const prev = enterFaultScope(this.#onFault)
    // inside a `start` poll, the tasks this batch takes are the ones being polled
    const outer = this.#current
    const outerId = this.#pollingId
    this.#current = undefined
    this.#pollingId = 0
    const h = this.#hooks()
    const told = h === undefined ? this.#told : this.#tellOutsideWakes(h)
    try {
      if (h === undefined || (h.onPollStart === undefined && h.onPollEnd === undefined && h.onWake === undefined)) {
        // nothing on the poll path: the queue remembers the polled task (`#polled`)
        while (n < max) {
          const t = q.take()
          if (t === undefined) break
          n++
          t.run()
        }
      } else {
        while (n < max) {
          const t = q.take()
          if (t === undefined) break
          n++
          LocalExecutor.#runHooked(t, h, q)
        }
      }
    } finally {
      q.release()
      this.#endTelling(told)
      this.#current = outer
      this.#pollingId = outerId
      leaveFaultScope(prev)
    }
    return n
  }

  /**
   * One poll of `t` between `onPollStart` and `onPollEnd` (a task that already ended is
   * skipped); the tasks it woke — the entries it added to the queue — are told to `onWake`
   * before `onPollEnd`.
   */
  static #runHooked(t: Task<any, any>, h: ExecutorHooks, q: Ring<Task<any, any>>): void {
    if (t.ended) {
      t.run()
      return
    }
    h.onPollStart?.(t)
    const before = q.length
    try {
      t.run()
    } finally {
      LocalExecutor.#tellWakes(q, before, h, t)
      h.onPollEnd?.(t, t.ended)
    }
  }

  readonly #drain = (): void => {
    if (this.#scheduling) {
      // A hook ran the drain synchronously, i.e. on the stack of wake(): polling here would
      // break rule 2, so defer the drain by one microtask instead.
      queueMicrotask(this.#drain)
      return
    }
    try {
      const budget = this.#budget
      if (this.runBatch(budget) === budget && this.#slice > 0) {
        // a full batch: keep going in further batches until the slice is used up. The batch
        // cap bounds a drain whose clock does not move forward (fake timers freeze
        // performance.now; Date.now, used without performance, can be set back): rule 5 must
        // not depend on the clock.
        const start = hostNow()
        const end = start + this.#slice
        let left = this.#sliceBatches
        while (left-- > 0 && this.#queue.length > 0 && this.runBatch(budget) === budget) {
          const now = hostNow()
          if (now >= end || now < start) break
        }
      }
    } finally {
      if (this.#queue.length > 0) this.#yield(this.#drain)
      else this.#scheduled = false
    }
  }
}

/** `future` under the name `options.name` asks for (checked), or as it is. */
function withName<T, E>(where: string, future: Future<T, E>, options: SpawnOptions): Future<T, E> {
  checkOptions(`${where}(future, options)`, options)
  const name = options.name
  if (name === undefined) return future
  checkName(`${where}(future, { name })`, name)
  return named(future, name)
}

/**
 * `timer` reporting registrations to `h`: armed when scheduled, fired when its waker is woken
 * by the timer (not when cancelled), each with the task that was being polled.
 */
function hookedTimer(timer: Timer, h: ExecutorHooks, current: () => Task<any, any> | undefined): Timer {
  return {
    now: () => timer.now(),
    schedule(deadline: number, waker: Waker) {
      const by = current()
      h.onTimerArmed?.(deadline, by)
      const fired = h.onTimerFired
      if (fired === undefined) return timer.schedule(deadline, waker)
      return timer.schedule(deadline, {
        wake() {
          fired(deadline, by)
          waker.wake()
        },
      })
    },
  }
}
