import type { Future, Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument, PollableError } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { FutureBase } from "../future-base.js"

/** One value of one task-local, on the stack of values in force while a future is polled. */
interface Frame {
  readonly local: TaskLocal<any>
  readonly value: unknown
  prev: Frame | undefined
}

/** The values in force during the current poll (polls are synchronous: a stack suffices). */
const ambient: { top: Frame | undefined } = { top: undefined }

/** `TaskLocal.get()` outside any `scope` of that task-local. */
export class TaskLocalMissing extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "TaskLocalMissing", …)`, Effect's `catchTag`. */
  readonly _tag = "TaskLocalMissing" as const
  constructor(readonly local: string) {
    super(
      `task-local "${local}" was read outside a scope that sets it; ` +
        `run the reading future inside ${local}.scope(value, future), or use tryGet()`,
    )
  }
}

/** Options of {@link TaskLocal}. */
export interface TaskLocalOptions {
  /**
   * Whether a task spawned while the value is in force (by `executor.spawn`, `cx.spawner`,
   * a `scope`'s `s.spawn`, …) keeps it for its whole life. Off by default: like tokio's
   * `task_local!`, a value belongs to the future it scopes.
   */
  readonly inherit?: boolean | undefined
}

/**
 * A value that travels with a future rather than with the call stack (tokio's
 * `task_local!`): `local.scope(value, future)` makes `local.get()` return `value` whenever
 * code runs inside a poll of `future` — across every `yield*`, on every executor, with no
 * executor support needed. Futures polled as part of that future (`join`, `select`, a
 * `scope`'s children) see it too. With `inherit: true`, tasks spawned on an executor from
 * inside keep the value for their whole life; without it they do not see it.
 *
 * @example
 * ```ts
 * const requestId = new TaskLocal<string>("requestId", { inherit: true })
 * const log = (msg: string) => console.log(`[${requestId.tryGet() ?? "-"}] ${msg}`)
 * const handle = (req: Request) => requestId.scope(req.id, gen(function* () {
 *   log("start")                                   // [42] start
 *   executor.spawn(audit(req))                     // the audit task logs with [42] too
 *   return yield* respond(req)
 * }))
 * ```
 */
export class TaskLocal<T> {
  readonly name: string
  readonly inherit: boolean
  /**
   * @param name used in error messages.
   * @throws InvalidArgument when `name` is not a string.
   */
  constructor(name: string, options?: TaskLocalOptions) {
    if (typeof name !== "string")
      throw new InvalidArgument("new TaskLocal(name)", `expected a string, got ${typeof name}`, "name the task-local")
    this.name = name
    this.inherit = options?.inherit === true
  }

  /**
   * A future that polls `future` with this task-local set to `value`; an inner `scope` of the
   * same task-local overrides it for its own future.
   * @throws InvalidArgument when `future` is not a future.
   * @remarks Cancel safety: cancels `future`. The value is in force only during polls (and
   * during `future`'s `cancel()`), never between them.
   */
  scope<R, E>(value: T, future: Future<R, E>): Pollable<R, E> {
    if (typeof (future as { poll?: unknown } | null)?.poll !== "function") {
      throw new InvalidArgument(
        `${this.name}.scope(value, future)`,
        `expected a future, got ${future === null ? "null" : typeof future}`,
        "pass the future to run with the value",
      )
    }
    return new Scoped([{ local: this, value, prev: undefined }], future)
  }

  /**
   * Call `fn` with this task-local set to `value` (tokio's `sync_scope`) and return its result.
   * @throws InvalidArgument when `fn` is not a function; whatever `fn` throws.
   */
  sync<R>(value: T, fn: () => R): R {
    checkFunction(`${this.name}.sync(value, fn)`, fn)
    const saved = ambient.top
    ambient.top = { local: this, value, prev: saved }
    try {
      return fn()
    } finally {
      ambient.top = saved
    }
  }

  /**
   * The value in force.
   * @throws TaskLocalMissing outside a `scope` (or `sync`) of this task-local.
   */
  get(): T {
    for (let f = ambient.top; f !== undefined; f = f.prev) if (f.local === this) return f.value as T
    throw new TaskLocalMissing(this.name)
  }

  /** The value in force, or `undefined` outside a `scope` of this task-local. */
  tryGet(): T | undefined {
    for (let f = ambient.top; f !== undefined; f = f.prev) if (f.local === this) return f.value as T
    return undefined
  }

  toString(): string {
    return `TaskLocal(${this.name})`
  }
}

/** Polls `inner` with `frames` on top of the values in force. */
class Scoped<R, E> extends FutureBase<R, E> {
  /** Innermost first; frames[i].prev = frames[i + 1], the last one's prev set at each poll. */
  readonly #frames: Frame[]
  readonly #inner: Future<R, E>
  constructor(frames: Frame[], inner: Future<R, E>) {
    super()
    for (let i = 0; i < frames.length - 1; i++) frames[i]!.prev = frames[i + 1]
    this.#frames = frames
    this.#inner = inner
  }
  get label(): string {
    return `${String(this.#frames[0]!.local)}.scope(${String(this.#inner)})`
  }
  #enter(): Frame | undefined {
    const saved = ambient.top
    this.#frames[this.#frames.length - 1]!.prev = saved
    ambient.top = this.#frames[0]
    return saved
  }
  protected step(cx: Context): Poll<R> {
    const saved = this.#enter()
    try {
      return this.#inner.poll(cx)
    } finally {
      ambient.top = saved
    }
  }
  protected onCancel(): void {
    const saved = this.#enter()
    try {
      this.#inner.cancel()
    } finally {
      ambient.top = saved
    }
  }
}

/**
 * What a task spawned now inherits: `future` wrapped with the inheriting task-locals in
 * force (innermost value of each), or `future` itself when there are none. Core's executors
 * (and so every adapter's) call it for each spawned task; an executor written from scratch
 * calls it in its `spawn` to pass the conformance suite's task-local case. Costs one read
 * when no task-local is in force.
 */
export function inheritTaskLocals<R, E>(future: Future<R, E>): Future<R, E> {
  let top = ambient.top
  if (top === undefined) return future
  let frames: Frame[] | undefined
  for (; top !== undefined; top = top.prev) {
    if (!top.local.inherit) continue
    if (frames?.some((f) => f.local === top!.local)) continue // an outer value, overridden
    ;(frames ??= []).push({ local: top.local, value: top.value, prev: undefined })
  }
  return frames === undefined ? future : new Scoped(frames, future)
}
