import { PollableError } from "../errors.js"

/**
 * The {@link AsyncFd} was closed with `close()`: pending readiness waiters fail with it,
 * and any later readiness poll or IO call throws it.
 */
export class FdClosed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "FdClosed", …)`, Effect's `catchTag`. */
  readonly _tag = "FdClosed" as const
  constructor(readonly fd: string, readonly op: string = "IO") {
    super(`${op} on ${fd} after close(); the descriptor is gone — open a new one, and stop readers/writers before closing`)
  }
}

/**
 * A second future tried to wait on the same direction of an {@link AsyncFd} while the
 * first is still waiting. An `AsyncFd` has one waiter per direction (one reader, one writer).
 */
export class FdBusy extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "FdBusy", …)`, Effect's `catchTag`. */
  readonly _tag = "FdBusy" as const
  constructor(readonly fd: string, readonly direction: "read" | "write") {
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
  constructor(readonly fd: string, readonly wanted: number, readonly got: number) {
    super(`${fd} reached end of stream after ${got} of ${wanted} bytes; the peer closed early — check the protocol framing or handle UnexpectedEof`)
  }
}

/** The peer reset the connection (TCP RST, ECONNRESET). Data in flight is lost. */
export class ConnectionReset extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ConnectionReset", …)`, Effect's `catchTag`. */
  readonly _tag = "ConnectionReset" as const
  constructor(readonly fd: string, cause?: unknown) {
    super(`${fd} was reset by the peer; data in flight is lost — reconnect and retry idempotent requests`, { cause })
  }
}

/** Writing to a peer that has closed its read side (EPIPE), or to a half-closed (shut down) side. */
export class BrokenPipe extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "BrokenPipe", …)`, Effect's `catchTag`. */
  readonly _tag = "BrokenPipe" as const
  constructor(readonly fd: string, cause?: unknown) {
    super(`write to ${fd} whose reader is gone (or after shutdown()); stop writing and close it`, { cause })
  }
}

/** A line grew past the limit given to `lines(fd, { maxLength })` without a `\n`. */
export class LineTooLong extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "LineTooLong", …)`, Effect's `catchTag`. */
  readonly _tag = "LineTooLong" as const
  constructor(readonly fd: string, readonly maxLength: number) {
    super(
      `${fd} sent more than ${maxLength} bytes without a line break; the peer is not speaking a line protocol ` +
        `(or lines are longer than expected) — raise lines(fd, { maxLength }) or read with readExact()`,
    )
  }
}
