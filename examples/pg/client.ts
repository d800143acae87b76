import type { Pollable } from "@pollable/core"
// A small PostgreSQL client written once on core's IO layers — framed(io, pgCodec()) for
// the messages, pipeline() for cancel-safe request/reply matching — so it runs on every
// executor (reference, native, RxJS, Effect) and every runtime whose sockets reach an
// AsyncFd. Cancelling a query's future (a timeout, an AbortSignal, an unsubscribe, a fiber
// interruption) sends PostgreSQL's CancelRequest on a side connection: the server stops
// the query, and the connection stays usable.
import {
  Done,
  framed,
  FutureBase,
  gen,
  InvalidArgument,
  NeedMore,
  Pending,
  pipeline,
  PollableError,
  reportFault,
  type AsyncReadWrite,
  type Context,
  type Framed,
  type Future,
  type Pipeline,
  type PipelineCall,
  type Poll,
  type Spawner,
  type Waker,
  wrap,
} from "@pollable/core"
import {
  type BackendMessage,
  cancelRequest,
  extendedQuery,
  pgCodec,
  PgProtocolError,
  Reader,
  saslInitialResponse,
  saslResponse,
  passwordMessage,
  simpleQuery,
  startup,
  utf8,
  type FrontendMessage,
} from "./protocol.js"
import { Scram } from "./scram.js"

export { PgProtocolError } from "./protocol.js"

/** An error reported by the server (ErrorResponse), with its SQLSTATE `code` (e.g. `57014` query_canceled). */
export class PgError extends PollableError {
  constructor(
    readonly code: string,
    readonly severity: string,
    readonly serverMessage: string,
    readonly detail: string | undefined,
    readonly hint: string | undefined,
  ) {
    super(
      `PgError ${code}: ` +
        `${serverMessage}${detail === undefined ? "" : ` (${detail})`}${hint === undefined ? "" : `; hint: ${hint}`}`,
    )
  }
}

/** The result of one statement: its command tag, column names and rows (values in text format, `null` for NULL). */
export interface PgResult {
  readonly command: string
  readonly rowCount: number | null
  readonly fields: readonly string[]
  readonly rows: readonly Record<string, string | null>[]
}

/** A duplex with `close()`: what `connect` must give (an `AsyncFd` from `@pollable/adapter-native/io`'s `connect`). */
export type PgSocket = AsyncReadWrite & { close(): void }

/** How to reach the server. */
export interface PgConnectOptions {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password?: string | undefined
  readonly database?: string | undefined
  /** Opens a connection; also used for the CancelRequest side connection. */
  readonly connect: (host: string, port: number) => Future<PgSocket, Error>
}

/** Parameters of an extended query: sent in text format. */
export type PgParam = string | number | bigint | boolean | null

const readError = (body: Uint8Array): PgError => {
  const r = new Reader(body)
  const f = new Map<string, string>()
  while (!r.done) {
    const k = r.byte()
    if (k === 0) break
    f.set(String.fromCharCode(k), r.cstring())
  }
  return new PgError(
    f.get("C") ?? "XX000",
    f.get("V") ?? f.get("S") ?? "ERROR",
    f.get("M") ?? "(no message)",
    f.get("D"),
    f.get("H"),
  )
}

/** Collects the messages of one query up to ReadyForQuery into a result or an error. */
class QueryReply {
  fields: string[] = []
  rows: Record<string, string | null>[] = []
  command = ""
  error: PgError | undefined
  readonly assemble = (m: BackendMessage): PgResult | PgError | NeedMore => {
    switch (m.type) {
      case 0x54: {
        // RowDescription: a new result set
        const r = new Reader(m.body)
        const n = r.i16()
        this.fields = []
        this.rows = []
        for (let i = 0; i < n; i++) {
          this.fields.push(r.cstring())
          r.bytes(18)
        }
        break
      }
      case 0x44: {
        const r = new Reader(m.body)
        const n = r.i16()
        const row: Record<string, string | null> = {}
        for (let i = 0; i < n; i++) {
          const len = r.i32()
          row[this.fields[i] ?? String(i)] = len < 0 ? null : utf8.decode(r.bytes(len))
        }
        this.rows.push(row)
        break
      }
      case 0x43:
        this.command = new Reader(m.body).cstring()
        break
      case 0x45:
        this.error ??= readError(m.body)
        break
      case 0x5a: {
        if (this.error !== undefined) return this.error
        const words = this.command.split(" ")
        const count = Number(words[words.length - 1])
        return {
          command: words[0] ?? "",
          rowCount: Number.isInteger(count) ? count : null,
          fields: this.fields,
          rows: this.rows,
        }
      }
      // ParseComplete, BindComplete, NoData, EmptyQueryResponse, notices, parameter changes: nothing to keep
    }
    return NeedMore
  }
}

/**
 * The future of one query. Cancelling it while the server works on the query sends a
 * CancelRequest on a side connection; the reply (an error 57014) is then read and dropped
 * by the pipeline, so the connection stays in step.
 */
class Query extends FutureBase<PgResult, PgError | Error> {
  #call: PipelineCall<PgResult | PgError> | undefined
  #spawner: Spawner | undefined
  /** The waker left at the cancel gate, if this query waits there. */
  #gated: Waker | undefined
  constructor(
    readonly client: PgClient,
    readonly message: FrontendMessage,
    readonly sql: string,
  ) {
    super()
  }
  get label(): string {
    return `query(${this.sql.length > 40 ? `${this.sql.slice(0, 40)}...` : this.sql})`
  }
  protected step(cx: Context): Poll<PgResult> {
    this.#spawner = cx.spawner
    if (this.#call === undefined) {
      if (this.client.pollCancelGate(cx) === Pending) {
        this.#gated = cx.waker
        return Pending
      }
      this.#gated = undefined
    }
    const call = (this.#call ??= this.client.rpc.call(this.message, new QueryReply().assemble))
    const r = call.poll(cx)
    if (r === Pending) return Pending
    if (r instanceof PgError) throw r
    return r
  }
  protected onCancel(): void {
    if (this.#gated !== undefined) this.client.leaveCancelGate(this.#gated)
    const call = this.#call
    if (call === undefined) return
    const running = call.inFlight
    call.cancel()
    if (running) this.client.sendCancel(this.#spawner)
  }
}

/**
 * A PostgreSQL connection. One query runs at a time (CancelRequest cancels whatever the
 * backend runs, so queries are not pipelined); concurrent `query()` calls queue in order.
 *
 * @example
 * ```ts
 * const pg = yield* connectPg({ host: "127.0.0.1", port, user: "app", password, connect })
 * const { rows } = yield* pg.query("select $1::int + 1 as n", [41])   // rows[0].n === "42"
 * yield* timeout(pg.query("select pg_sleep(10)"), 100)                // TimeoutError; the server stops the query
 * ```
 */
export class PgClient {
  /** Server parameters reported at startup (server_version, client_encoding, ...). */
  readonly parameters: ReadonlyMap<string, string>
  /** @internal */
  readonly rpc: Pipeline<FrontendMessage, BackendMessage>
  /** CancelRequests sent so far. */
  cancelsSent = 0
  #gate: { done: boolean; wakers: Set<Waker> } | undefined

  /** @internal */
  constructor(
    readonly options: PgConnectOptions,
    readonly socket: PgSocket,
    readonly conn: Framed<BackendMessage, FrontendMessage>,
    parameters: Map<string, string>,
    /** The backend's process id (`pg_backend_pid()`). */
    readonly processId: number,
    readonly secretKey: number,
  ) {
    this.parameters = parameters
    this.rpc = pipeline(conn, { maxInFlight: 1, label: `postgres ${options.host}:${options.port}` })
  }

  /**
   * Run `sql`: with `params`, as an extended query (`$1`, `$2`, ... sent as text); without,
   * as a simple query (several statements allowed; the last one's result is returned).
   * @remarks Cancel safety: safe — cancelling sends a CancelRequest when the query is running,
   * its late reply is dropped, and the next query waits until the cancel was delivered.
   * PostgreSQL cancels what the backend runs when the request arrives: a cancel that overtakes
   * a query the server has not started yet does nothing, and that query runs to its end
   * (the connection stays in step either way).
   * @throws PgError for an error the server reports (SQLSTATE in `code`); PipelineClosed when
   * the connection is gone.
   */
  query(sql: string, params?: readonly PgParam[]): Pollable<PgResult, PgError | Error> {
    if (typeof sql !== "string")
      throw new InvalidArgument("query(sql)", `sql must be a string, got ${kind(sql)}`, "pass the statement text")
    if (params !== undefined) {
      if (!Array.isArray(params))
        throw new InvalidArgument(
          "query(sql, params)",
          `params must be an array, got ${kind(params)}`,
          "pass [value1, value2, ...] for $1, $2, ... or leave it out",
        )
      params.forEach((p, i) => {
        if (p !== null && !["string", "number", "bigint", "boolean"].includes(typeof p)) {
          throw new InvalidArgument(
            "query(sql, params)",
            `parameter $${i + 1} is ${kind(p)}`,
            "pass strings, numbers, bigints, booleans or null (sent as text); format dates and JSON yourself",
          )
        }
      })
    }
    const message =
      params === undefined
        ? simpleQuery(sql)
        : extendedQuery(
            sql,
            params.map((p) => (p === null ? null : typeof p === "boolean" ? (p ? "t" : "f") : String(p))),
          )
    return new Query(this, message, sql)
  }

  /** @internal Wait while a CancelRequest is on its way, so it cannot hit the next query. */
  pollCancelGate(cx: Context): Poll<void> {
    const g = this.#gate
    if (g === undefined || g.done) return undefined
    g.wakers.add(cx.waker)
    return Pending
  }

  /** @internal A query waiting at the gate went away. */
  leaveCancelGate(waker: Waker): void {
    this.#gate?.wakers.delete(waker)
  }

  /** @internal Send CancelRequest on a side connection, as a task of its own. */
  sendCancel(spawner: Spawner | undefined): void {
    if (spawner === undefined) {
      reportFault(
        new PgProtocolError("cannot send CancelRequest: the executor has no spawner; the query runs on at the server"),
        "PgClient.query cancel",
      )
      return
    }
    const g: { done: boolean; wakers: Set<Waker> } = (this.#gate = { done: false, wakers: new Set<Waker>() })
    const { host, port, connect } = this.options
    const pid = this.processId
    const secret = this.secretKey
    this.cancelsSent++
    const open = () => connect(host, port)
    const task = gen(function* () {
      const side = yield* wrap(open())
      try {
        const f = framed(side, pgCodec())
        yield* f.send(cancelRequest(pid, secret))
        // the server closes the side connection once it signalled the backend
        for (;;) if ((yield* f.next()) === Done) break
      } finally {
        side.close()
      }
    })
    const release = () => {
      g.done = true
      for (const w of g.wakers) w.wake()
      g.wakers.clear()
    }
    spawner.spawn(task).then(release, (e: unknown) => {
      reportFault(e, "PgClient CancelRequest")
      release()
    })
  }

  /** Close the connection (the server ends the session when it sees the socket close). */
  close(): void {
    this.socket.close()
  }
}

const kind = (v: unknown): string =>
  v === null
    ? "null"
    : typeof v === "string"
      ? `a string (${JSON.stringify(v)})`
      : typeof v === "number"
        ? `a number (${v})`
        : typeof v === "object"
          ? "an object"
          : `a ${typeof v}`

function checkOptions(o: PgConnectOptions): void {
  const where = "connectPg(options)"
  if (typeof o !== "object" || o === null)
    throw new InvalidArgument(
      where,
      `expected { host, port, user, connect, password?, database? }, got ${kind(o)}`,
      "pass the connection options",
    )
  if (typeof o.host !== "string" || o.host === "")
    throw new InvalidArgument(
      where,
      `host must be a non-empty string, got ${kind(o.host)}`,
      'pass e.g. host: "127.0.0.1"',
    )
  if (typeof o.port !== "number" || !Number.isInteger(o.port) || o.port < 1 || o.port > 65535)
    throw new InvalidArgument(
      where,
      `port must be a whole number from 1 to 65535, got ${kind(o.port)}`,
      "pass the server's port, e.g. 5432",
    )
  if (typeof o.user !== "string" || o.user === "")
    throw new InvalidArgument(
      where,
      `user must be a non-empty string, got ${kind(o.user)}`,
      "pass the role to log in as",
    )
  if (typeof o.connect !== "function")
    throw new InvalidArgument(
      where,
      `connect must be a function (host, port) => future of a socket, got ${kind(o.connect)}`,
      "pass connect from @pollable/adapter-native/io",
    )
  for (const k of ["password", "database"] as const) {
    if (o[k] !== undefined && typeof o[k] !== "string")
      throw new InvalidArgument(
        where,
        `${k} must be a string when given, got ${kind(o[k])}`,
        `pass ${k} as a string or leave it out`,
      )
  }
}

/** Raised when the server asks for an authentication method this client does not implement. */
export class PgAuthUnsupported extends PollableError {
  constructor(readonly method: string) {
    super(
      `PgAuthUnsupported: the server asks for ${method} authentication; this client speaks trust, ` +
        `password and SCRAM-SHA-256 — configure pg_hba.conf with scram-sha-256`,
    )
  }
}

/**
 * Connect, authenticate (trust, cleartext password or SCRAM-SHA-256) and wait until the
 * server is ready for queries.
 * @remarks Cancel safety: cancelling closes the half-open connection.
 * @throws PgError (e.g. `28P01` wrong password, `3D000` no such database); PgProtocolError;
 * PgAuthUnsupported; the connect function's errors.
 */
export function connectPg(options: PgConnectOptions): Pollable<PgClient, Error> {
  checkOptions(options)
  return gen(function* () {
    const socket = yield* wrap(options.connect(options.host, options.port) as Future<PgSocket, Error>)
    let ok = false as boolean
    try {
      const conn = framed(socket, pgCodec())
      yield* conn.send(
        startup({ user: options.user, database: options.database ?? options.user, client_encoding: "UTF8" }),
      )
      const params = new Map<string, string>()
      let pid = 0
      let secret = 0
      let scram: Scram | undefined
      for (;;) {
        const m = yield* conn.next()
        if (m === Done) throw new PgProtocolError("the server closed the connection during startup")
        const r = new Reader(m.body)
        switch (m.kind) {
          case "R": {
            const code = r.i32()
            if (code === 0) break // AuthenticationOk
            if (code === 3) {
              if (options.password === undefined)
                throw new PgProtocolError("the server asks for a password and none was given")
              yield* conn.send(passwordMessage(options.password))
            } else if (code === 10) {
              const mechanisms: string[] = []
              for (let s; (s = r.cstring()) !== ""; ) mechanisms.push(s)
              if (!mechanisms.includes("SCRAM-SHA-256")) throw new PgAuthUnsupported(`SASL (${mechanisms.join(", ")})`)
              if (options.password === undefined)
                throw new PgProtocolError("the server asks for SCRAM-SHA-256 and no password was given")
              scram = new Scram(options.password)
              yield* conn.send(saslInitialResponse("SCRAM-SHA-256", scram.clientFirst()))
            } else if (code === 11) {
              if (scram === undefined) throw new PgProtocolError("SASLContinue before SASL started")
              const final = yield* scram.clientFinal(utf8.decode(r.rest()))
              yield* conn.send(saslResponse(final))
            } else if (code === 12) {
              if (scram === undefined) throw new PgProtocolError("SASLFinal before SASL started")
              scram.verifyServerFinal(utf8.decode(r.rest()))
            } else throw new PgAuthUnsupported(code === 5 ? "MD5" : `method ${code}`)
            break
          }
          case "S":
            params.set(r.cstring(), r.cstring())
            break
          case "K":
            pid = r.i32()
            secret = r.i32()
            break
          case "E":
            throw readError(m.body)
          case "Z":
            ok = true
            return new PgClient(options, socket, conn, params, pid, secret)
          // NoticeResponse and others: nothing to do during startup
        }
      }
    } finally {
      if (!ok) socket.close()
    }
  })
}
