import { PollableError } from "@pollable/core"

/**
 * A regular file — or another descriptor that is never "not ready", such as `/dev/null`,
 * `/dev/zero` or a block device — was offered as a readiness source. The kernel never
 * reports them as would-block, so readiness IO on them would block the event loop.
 */
export class RegularFileNotPollable extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "RegularFileNotPollable", …)`, Effect's `catchTag`. */
  readonly _tag = "RegularFileNotPollable" as const
  constructor(
    readonly what: string,
    /** What it is, e.g. `"a regular file"`, `"a character device (like /dev/null)"`. */
    readonly kind: string = "a regular file",
  ) {
    super(
      `${what} is ${kind}; it is always "ready", so AsyncFd cannot wait on it — ` +
        `read files with fs/promises (e.g. wrap fs.promises.readFile with fromPromise) ` +
        `or run blocking reads on a worker with spawnBlocking`,
    )
  }
}

/** A Node IO error that has no more specific named class (its `code` is kept). */
export class NodeIoError extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "NodeIoError", …)`, Effect's `catchTag`. */
  readonly _tag = "NodeIoError" as const
  constructor(
    readonly what: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(
      `${what}: ${code ?? "error"} (${cause instanceof Error ? cause.message : String(cause)}); ` +
        `check the peer/path and retry or close it`,
      { cause },
    )
  }
}

/** `connect()` could not establish the connection (refused, unreachable, DNS failure). */
export class ConnectFailed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ConnectFailed", …)`, Effect's `catchTag`. */
  readonly _tag = "ConnectFailed" as const
  constructor(
    readonly target: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(
      `could not connect to ${target}: ${code ?? (cause instanceof Error ? cause.message : String(cause))}; ` +
        `is the server running and listening there?`,
      { cause },
    )
  }
}

/** `listen()` could not bind (the address is in use, the port needs privileges, the path exists). */
export class ListenFailed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ListenFailed", …)`, Effect's `catchTag`. */
  readonly _tag = "ListenFailed" as const
  constructor(
    readonly address: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(
      `could not listen on ${address}: ${code ?? (cause instanceof Error ? cause.message : String(cause))}; ` +
        `pick another port (pass 0 for a free one), close whatever holds it, or remove a stale socket file`,
      { cause },
    )
  }
}
