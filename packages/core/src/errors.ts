/**
 * Every error pollable throws is a named class whose message names the thing that went
 * wrong and the fix. Each subclass has a `readonly _tag` equal to its name (a literal type),
 * so `catchTag` — pollable's and Effect's — can pick it out of a union. `name` is the tag
 * (or, for a class without one, the constructor's name), so logs print it once, before the
 * message, even after a bundler renamed the class.
 */
export class PollableError extends Error {
  override get name(): string {
    return (this as { readonly _tag?: string })._tag ?? this.constructor.name
  }
}

/** Rule 3: a future was polled after it returned a value, threw, or was cancelled. */
export class PollAfterReady extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "PollAfterReady", …)`, Effect's `catchTag`. */
  readonly _tag = "PollAfterReady" as const
  constructor(
    readonly future: string,
    how: "completed" | "cancelled" | "was run by a `yield*` in another gen's body" = "completed",
  ) {
    super(
      `${future} was polled after it ${how}; a future is polled to completion once — ` +
        `wrap it in fuse() to poll it safely again, or shared() to await it from several places`,
    )
  }
}

/** A future needs a capability (timer, spawner) that the executor did not put in its `Context`. */
export class MissingCapability extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "MissingCapability", …)`, Effect's `catchTag`. */
  readonly _tag = "MissingCapability" as const
  constructor(
    readonly capability: "timer" | "spawner" | (string & {}),
    readonly needer: string,
  ) {
    super(
      `${needer} needs a ${capability} in its Context, and the executor supplied none; ` +
        `run it with an executor that supplies one (LocalExecutor with a timer, NativeExecutor, ` +
        `RxjsExecutor, EffectExecutor) or give your ManualExecutor a VirtualClock`,
    )
  }
}

/** Rule 6, the third outcome: the work was cancelled before it finished. */
export class Interrupted extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "Interrupted", …)`, Effect's `catchTag`. */
  readonly _tag = "Interrupted" as const
  constructor(
    readonly what: string = "the task",
    readonly reason?: unknown,
  ) {
    super(
      `${what} was cancelled before it completed` +
        (reason === undefined ? "" : ` (${describeReason(reason)})`) +
        `; handle cancellation where you await it, or check handle.outcome`,
    )
  }
}

/** `timeout(f, ms)` elapsed before `f` finished; `f` has been cancelled. */
export class TimeoutError extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "TimeoutError", …)`, Effect's `catchTag`. */
  readonly _tag = "TimeoutError" as const
  constructor(
    readonly ms: number,
    readonly future: string = "the future",
  ) {
    super(`${future} did not finish within ${ms} ms and was cancelled; raise the limit or handle TimeoutError`)
  }
}

/** A bad argument: negative or NaN durations, a non-function where a function is needed. */
export class InvalidArgument extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "InvalidArgument", …)`, Effect's `catchTag`. */
  readonly _tag = "InvalidArgument" as const
  constructor(
    readonly where: string,
    problem: string,
    fix: string,
  ) {
    super(`${where}: ${problem}; ${fix}`)
  }
}

/** A channel or AsyncFd is closed: the other side went away or `close()` was called. */
export class ChannelClosed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ChannelClosed", …)`, Effect's `catchTag`. */
  readonly _tag = "ChannelClosed" as const
  constructor(
    readonly what: string,
    detail = "the other side was dropped or closed",
  ) {
    super(`${what}: ${detail}; stop using it, or create a new one`)
  }
}

/** The selected executor's adapter package is not installed. */
export class MissingAdapter extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "MissingAdapter", …)`, Effect's `catchTag`. */
  readonly _tag = "MissingAdapter" as const
  constructor(
    readonly adapter: string,
    readonly selectedBy: string,
    readonly packages: string,
  ) {
    super(`${selectedBy} needs @pollable/adapter-${adapter}; npm install ${packages}`)
  }
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`
  return String(reason)
}

/** An executor was disposed (`using` ended, or `[Symbol.dispose]()` was called): it runs nothing new. */
export class ExecutorClosed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ExecutorClosed", …)`, Effect's `catchTag`. */
  readonly _tag = "ExecutorClosed" as const
  constructor(readonly executor: string) {
    super(`${executor} was disposed and cancelled its tasks; spawn on a live executor, or create a new one`)
  }
}
