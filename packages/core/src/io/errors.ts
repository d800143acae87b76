import { PollableError } from "../errors.js"

/**
 * The {@link AsyncFd} was closed with `close()`: pending readiness waiters fail with it,
 * and any later readiness poll or IO call throws it.
 */
export class FdClosed extends PollableError {
  constructor(readonly fd: string, readonly op: string = "IO") {
    super(`FdClosed: ${op} on ${fd} after close(); the descriptor is gone — open a new one, and stop readers/writers before closing`)
  }
}

/**
 * A second future tried to wait on the same direction of an {@link AsyncFd} while the
 * first is still waiting. An `AsyncFd` has one waiter per direction (one reader, one writer).
 */
export class FdBusy extends PollableError {
  constructor(readonly fd: string, readonly direction: "read" | "write") {
    super(
      `FdBusy: a second concurrent ${direction}er on ${fd}; an AsyncFd has one ${direction} waiter at a time — ` +
        `await the first ${direction} before starting the next, or serialize ${direction}s with a Mutex`,
    )
  }
}

/** The stream ended (EOF) before the requested bytes arrived, e.g. in `readExact`. */
export class UnexpectedEof extends PollableError {
  constructor(readonly fd: string, readonly wanted: number, readonly got: number) {
    super(`UnexpectedEof: ${fd} reached end of stream after ${got} of ${wanted} bytes; the peer closed early — check the protocol framing or handle UnexpectedEof`)
  }
}

/** The peer reset the connection (TCP RST, ECONNRESET). Data in flight is lost. */
export class ConnectionReset extends PollableError {
  constructor(readonly fd: string, cause?: unknown) {
    super(`ConnectionReset: ${fd} was reset by the peer; data in flight is lost — reconnect and retry idempotent requests`, { cause })
  }
}

/** Writing to a peer that has closed its read side (EPIPE), or to a half-closed (shut down) side. */
export class BrokenPipe extends PollableError {
  constructor(readonly fd: string, cause?: unknown) {
    super(`BrokenPipe: write to ${fd} whose reader is gone (or after shutdown()); stop writing and close it`, { cause })
  }
}

/** A line grew past the limit given to `lines(fd, { maxLength })` without a `\n`. */
export class LineTooLong extends PollableError {
  constructor(readonly fd: string, readonly maxLength: number) {
    super(
      `LineTooLong: ${fd} sent more than ${maxLength} bytes without a line break; the peer is not speaking a line protocol ` +
        `(or lines are longer than expected) — raise lines(fd, { maxLength }) or read with readExact()`,
    )
  }
}

/**
 * A frame is larger than the codec allows: a length header announced more than `maxFrame`
 * bytes, or a delimiter did not come within the limit. Nothing was allocated for it.
 */
export class FrameTooLarge extends PollableError {
  constructor(readonly codec: string, readonly size: number, readonly maxFrame: number) {
    super(
      `FrameTooLarge: ${codec} got a frame of ${size} bytes, more than its limit of ${maxFrame}; ` +
        `the peer sent a frame too large (or is not speaking this protocol) — raise the codec's limit if such frames are expected`,
    )
  }
}

/** The peer sent bytes that are not a valid frame of the codec (a bad header, a bad type byte). */
export class MalformedFrame extends PollableError {
  constructor(readonly codec: string, readonly detail: string) {
    super(`MalformedFrame: ${codec}: ${detail}; the peer is not speaking this protocol, or the stream lost sync — close the connection`)
  }
}
