import { PollableError } from "../../errors.js"

/**
 * A simulated `connect()` could not establish the connection: `ECONNREFUSED` (nothing
 * listens there) or `ETIMEDOUT` (the host is partitioned away or crashed). Same `_tag`,
 * `target` and `code` as the Node adapter's `ConnectFailed`, so code that handles one
 * handles the other.
 */
export class ConnectFailed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ConnectFailed", …)`, Effect's `catchTag`. */
  readonly _tag = "ConnectFailed" as const
  constructor(
    readonly target: string,
    readonly code: string | undefined,
    cause?: unknown,
  ) {
    super(`could not connect to ${target}: ${code ?? "error"}; is the server running and listening there?`, { cause })
  }
}

/**
 * A simulated `listen()` could not bind (`EADDRINUSE`: another listener of the same host
 * holds the port). Same `_tag`, `address` and `code` as the Node adapter's `ListenFailed`.
 */
export class ListenFailed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "ListenFailed", …)`, Effect's `catchTag`. */
  readonly _tag = "ListenFailed" as const
  constructor(
    readonly address: string,
    readonly code: string | undefined,
    cause?: unknown,
  ) {
    super(`could not listen on ${address}: ${code ?? "error"}; pick another port (pass 0 for a free one)`, { cause })
  }
}
