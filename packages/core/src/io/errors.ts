import { PollableError } from "../errors.js"

/**
 * The {@link AsyncFd} was closed with `close()`: pending readiness waiters fail with it,
 * and any later readiness poll or IO call throws it.
 */
export class FdClosed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "FdClosed", …)`, Effect's `catchTag`. */
  readonly _tag = "FdClosed" as const
  constructor(
    readonly fd: string,
    readonly op: string = "IO",
  ) {
    super(
      `${op} on ${fd} after close(); the descriptor is gone — open a new one, and stop readers/writers before closing`,
    )
  }
}

/**
 * A second future tried to wait on the same direction of an {@link AsyncFd} while the
 * first is still waiting. An `AsyncFd` has one waiter per direction (one reader, one writer).
 */
export class FdBusy extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "FdBusy", …)`, Effect's `catchTag`. */
  readonly _tag = "FdBusy" as const
  constructor(
    readonly fd: string,
    readonly direction: "read" | "write",
  ) {
    super(
      `a second concurrent ${direction}er on ${fd}; an AsyncFd has one ${direction} waiter at a time — ` +
        `await the first ${direction} before starting the next, or serialize ${direction}s with a Mutex`,
    )
  }
}

/** The stream ended (EOF) before the requested bytes arrived, e.g. in `readExact`. */
export class UnexpectedEof extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "UnexpectedEof", …)`, Effect's `catchTag`. */
  readonly _tag = "UnexpectedEof" as const
  constructor(
    readonly fd: string,
    readonly wanted: number,
    readonly got: number,
  ) {
    super(
      `${fd} reached end of stream after ${got} of ${wanted} bytes; ` +
        `the peer closed early — check the protocol framing or handle UnexpectedEof`,
    )
  }
}

/** The peer reset the connection (TCP RST, ECONNRESET). Data in flight is lost. */
export class ConnectionReset extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ConnectionReset", …)`, Effect's `catchTag`. */
  readonly _tag = "ConnectionReset" as const
  constructor(
    readonly fd: string,
    cause?: unknown,
  ) {
    super(`${fd} was reset by the peer; data in flight is lost — reconnect and retry idempotent requests`, { cause })
  }
}

/** Which side made a write impossible: see {@link BrokenPipe.by}. */
export type BrokenPipeBy = "peer" | "shutdown" | "read-only"

/**
 * A write that can never succeed: the peer closed its reading side (EPIPE, a closed
 * socket), this side was shut down with `shutdown()`, or the fd is read-only.
 * {@link BrokenPipe.by} says which, and so does the message.
 */
export class BrokenPipe extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "BrokenPipe", …)`, Effect's `catchTag`. */
  readonly _tag = "BrokenPipe" as const
  /**
   * `"peer"`: the other end stopped reading (closed or reset its socket); `"shutdown"`:
   * this side called `shutdown()` (half-close) and wrote afterwards; `"read-only"`: the
   * fd has no write side.
   */
  readonly by: BrokenPipeBy
  constructor(
    readonly fd: string,
    cause?: unknown,
    by: BrokenPipeBy = "peer",
  ) {
    super(
      by === "shutdown"
        ? `write to ${fd} after shutdown() on this side; ` +
            `a half-closed fd takes no more writes — write everything before calling shutdown()`
        : by === "read-only"
          ? `write to ${fd}, which is read-only; write to a writable fd instead`
          : `write to ${fd} whose peer is no longer reading (it closed its side); stop writing and close this fd`,
      { cause },
    )
    this.by = by
  }
}

/** A line grew past the limit given to `lines(fd, { maxLength })` without a `\n`. */
export class LineTooLong extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "LineTooLong", …)`, Effect's `catchTag`. */
  readonly _tag = "LineTooLong" as const
  constructor(
    readonly fd: string,
    readonly maxLength: number,
  ) {
    super(
      `${fd} sent more than ${maxLength} bytes without a line break; the peer is not speaking a line protocol ` +
        `(or lines are longer than expected) — raise lines(fd, { maxLength }) or read with readExact()`,
    )
  }
}

/**
 * A frame is larger than the codec allows: a length header announced more than `maxFrame`
 * bytes, or a delimiter did not come within the limit. Nothing was allocated for it.
 */
export class FrameTooLarge extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "FrameTooLarge", …)`, Effect's `catchTag`. */
  readonly _tag = "FrameTooLarge" as const
  constructor(
    readonly codec: string,
    readonly size: number,
    readonly maxFrame: number,
  ) {
    super(
      `${codec} got a frame of ${size} bytes, more than its limit of ${maxFrame}; ` +
        `the peer sent a frame too large (or is not speaking this protocol) ` +
        `— raise the codec's limit if such frames are expected`,
    )
  }
}

/** The peer sent bytes that are not a valid frame of the codec (a bad header, a bad type byte). */
export class MalformedFrame extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "MalformedFrame", …)`, Effect's `catchTag`. */
  readonly _tag = "MalformedFrame" as const
  constructor(
    readonly codec: string,
    readonly detail: string,
  ) {
    super(`${codec}: ${detail}; the peer is not speaking this protocol, or the stream lost sync — close the connection`)
  }
}
