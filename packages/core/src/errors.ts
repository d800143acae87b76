/**
 * Every error pollable throws is a named class whose message names the thing that went
 * wrong and the fix. `name` is set so logs and `instanceof`-free checks both work.
 */
export class PollableError extends Error {
  override get name(): string {
    return this.constructor.name
  }
}

/** Rule 3: a future was polled after it returned a value, threw, or was cancelled. */
export class PollAfterReady extends PollableError {
  constructor(readonly future: string, how: "completed" | "cancelled" = "completed") {
    super(
      `PollAfterReady: ${future} was polled after it ${how}; a future is polled to completion once — ` +
        `wrap it in fuse() to poll it safely again, or shared() to await it from several places`,
    )
  }
}

/** A future needs a capability (timer, spawner) that the executor did not put in its `Context`. */
export class MissingCapability extends PollableError {
  constructor(readonly capability: "timer" | "spawner" | (string & {}), readonly needer: string) {
    super(
      `MissingCapability: ${needer} needs a ${capability} in its Context, and the executor supplied none; ` +
        `run it with an executor that supplies one (LocalExecutor with a timer, NativeExecutor, ` +
        `RxjsExecutor, EffectExecutor) or give your ManualExecutor a VirtualClock`,
    )
  }
}

/** Rule 6, the third outcome: the work was cancelled before it finished. */
export class Interrupted extends PollableError {
  constructor(readonly what: string = "the task", readonly reason?: unknown) {
    super(
      `Interrupted: ${what} was cancelled before it completed` +
        (reason === undefined ? "" : ` (${describeReason(reason)})`) +
        `; handle cancellation where you await it, or check handle.outcome`,
    )
  }
}

/** `timeout(f, ms)` elapsed before `f` finished; `f` has been cancelled. */
export class TimeoutError extends PollableError {
  constructor(readonly ms: number, readonly future: string = "the future") {
    super(`TimeoutError: ${future} did not finish within ${ms} ms and was cancelled; raise the limit or handle TimeoutError`)
  }
}

/** A bad argument: negative or NaN durations, a non-function where a function is needed. */
export class InvalidArgument extends PollableError {
  constructor(readonly where: string, problem: string, fix: string) {
    super(`InvalidArgument: ${where}: ${problem}; ${fix}`)
  }
}

/** A channel or AsyncFd is closed: the other side went away or `close()` was called. */
export class ChannelClosed extends PollableError {
  constructor(readonly what: string, detail = "the other side was dropped or closed") {
    super(`ChannelClosed: ${what}: ${detail}; stop using it, or create a new one`)
  }
}

/** The selected executor's adapter package is not installed. */
export class MissingAdapter extends PollableError {
  constructor(readonly adapter: string, readonly selectedBy: string, readonly packages: string) {
    super(`MissingAdapter: ${selectedBy} needs @pollable/adapter-${adapter}; npm install ${packages}`)
  }
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`
  return String(reason)
}

/** @internal Checks a duration argument; throws `InvalidArgument` for negative, NaN or infinite values. */
export function checkDuration(where: string, ms: number): number {
  if (typeof ms !== "number" || !(ms >= 0) || ms === Infinity) {
    throw new InvalidArgument(
      where,
      `expected a finite duration >= 0 in milliseconds, got ${String(ms)}`,
      "pass 0 to yield once, or a positive number of milliseconds",
    )
  }
  return ms
}

/** @internal Checks that `f` is a function. */
export function checkFunction(where: string, f: unknown): void {
  if (typeof f !== "function") {
    throw new InvalidArgument(where, `expected a function, got ${f === null ? "null" : typeof f}`, "pass a function")
  }
}

/** @internal Checks a count argument (a capacity, a batch size): an integer >= `min`. */
export function checkCount(where: string, n: number, min: number): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new InvalidArgument(where, `expected an integer >= ${min}, got ${String(n)}`, `pass a whole number of at least ${min}`)
  }
  return n
}

/** An executor was disposed (`using` ended, or `[Symbol.dispose]()` was called): it runs nothing new. */
export class ExecutorClosed extends PollableError {
  constructor(readonly executor: string) {
    super(`ExecutorClosed: ${executor} was disposed and cancelled its tasks; spawn on a live executor, or create a new one`)
  }
}
