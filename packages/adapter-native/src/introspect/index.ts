/**
 * @pollable/adapter-native/introspect — an opt-in local server that serves snapshots of
 * executors' tasks as JSON, for the `pollable-console` terminal view (Node only).
 * @module \@pollable/adapter-native/introspect
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { InvalidArgument, type TaskInfo } from "@pollable/core"
import { checkOptions } from "@pollable/core/adapter"

/** An executor the server can list: every pollable executor has `tasks()`. */
export interface Introspectable {
  tasks(): TaskInfo[]
  describe?(): string
}

/** Options of {@link serveIntrospection}. */
export interface IntrospectionServerOptions {
  /** TCP port on 127.0.0.1; `0` (the default) picks a free one (read it from `port`). */
  readonly port?: number | undefined
}

/** A running introspection server. */
export interface IntrospectionServer {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number
  /** Stop listening and close open connections; resolves once closed. */
  close(): Promise<void>
}

/** What `GET /tasks` answers: one entry per executor. */
export interface IntrospectionSnapshot {
  /** Milliseconds since the epoch when the snapshot was taken. */
  readonly at: number
  readonly executors: readonly { readonly name: string; readonly tasks: readonly TaskInfo[] }[]
}

/**
 * Serve snapshots of `executors`' tasks (`tasks()`) as JSON at `GET /tasks`, on 127.0.0.1 only
 * — nothing is reachable from another machine, and nothing runs until you call this. Attach the
 * terminal view with `npx pollable-console <port>`. Executors created with `introspect: true`
 * also report counters (polls, wakes, busy time, age).
 * @throws InvalidArgument when an executor has no `tasks()` or `port` is not an integer from 0 to 65535.
 * @example
 * ```ts
 * const ex = new NativeExecutor({ introspect: true })
 * const server = await serveIntrospection(ex, { port: 6669 })
 * // in another terminal: npx pollable-console 6669
 * ```
 */
export async function serveIntrospection(
  executors: Introspectable | readonly Introspectable[],
  options: IntrospectionServerOptions = {},
): Promise<IntrospectionServer> {
  checkOptions("serveIntrospection(executors, options)", options)
  const list: readonly Introspectable[] = Array.isArray(executors) ? executors : [executors as Introspectable]
  for (const ex of list) {
    if (typeof (ex as Partial<Introspectable> | null)?.tasks !== "function") {
      throw new InvalidArgument(
        "serveIntrospection(executors)",
        "an executor has no tasks() method",
        "pass pollable executors (NativeExecutor, RxjsExecutor, EffectExecutor, LocalExecutor)",
      )
    }
  }
  const port = options.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgument(
      "serveIntrospection({ port })",
      `expected an integer from 0 to 65535, got ${String(port)}`,
      "pass 0 to pick a free port",
    )
  }
  const snapshot = (): IntrospectionSnapshot => ({
    at: Date.now(),
    executors: list.map((ex, i) => ({ name: ex.describe?.() ?? `executor ${i + 1}`, tasks: ex.tasks() })),
  })
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" || (req.url !== "/tasks" && req.url !== "/")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: GET /tasks\n")
      return
    }
    let body: string
    try {
      body = JSON.stringify(snapshot())
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`snapshot failed: ${String(e)}\n`)
      return
    }
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(body)
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address()
  const bound = typeof address === "object" && address !== null ? address.port : port
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
