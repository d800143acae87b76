import * as fs from "node:fs"
import * as net from "node:net"
import type { Readable, Writable } from "node:stream"
import * as tty from "node:tty"
import {
  AsyncFd,
  disposeSymbol,
  Done,
  FdClosed,
  fromCallback,
  FutureBase,
  Interrupted,
  InvalidArgument,
  MissingCapability,
  Pending,
  reportFault,
  StreamBase,
  type Context,
  type Future,
  type Poll,
  type Spawner,
  type Pollable,
} from "@pollable/core"
import { AcceptQueue, describeArgument, isFutureLike } from "@pollable/core/adapter"
import { ConnectFailed, ListenFailed, RegularFileNotPollable } from "./errors.js"
import { checkOnreadOptions, OnreadSource, type OnreadOptions } from "./onread-source.js"
import { OwnListeners } from "./own-listeners.js"
import { StreamSource } from "./stream-source.js"

/** An {@link AsyncFd} over a Node stream or socket (paused-mode or `onread` source). */
export type NodeFd = AsyncFd<StreamSource | OnreadSource>
/** An {@link AsyncFd} over a paused-mode Node stream. */
export type StreamFd = AsyncFd<StreamSource>

/** Check a TCP port given by a JavaScript caller. @internal */
function checkPort(where: string, port: unknown, min: 0 | 1, fix: string): number {
  if (typeof port !== "number" || !Number.isInteger(port) || port < min || port > 65535) {
    throw new InvalidArgument(
      where,
      `port must be a whole number from ${min} to 65535, got ${describeArgument(port)}`,
      fix,
    )
  }
  return port
}

/** Check a Unix socket path given by a JavaScript caller. @internal */
function checkPath(where: string, path: unknown): string {
  if (typeof path !== "string" || path === "") {
    throw new InvalidArgument(
      where,
      `path must be a non-empty string, got ${describeArgument(path)}`,
      "pass the Unix socket's file path",
    )
  }
  return path
}

const socketLabel = (s: net.Socket, fallback: string): string =>
  s.remoteAddress !== undefined ? `tcp ${s.remoteAddress}:${String(s.remotePort)}` : fallback

/** Wrap a connected `net.Socket` (TCP or Unix domain) in an {@link AsyncFd}. `noDelay` defaults to true. */
export function fromSocket(socket: net.Socket, options: { label?: string; noDelay?: boolean } = {}): StreamFd {
  if (options.noDelay !== false) socket.setNoDelay?.(true)
  return new AsyncFd(
    new StreamSource({ readable: socket, writable: socket, label: options.label ?? socketLabel(socket, "socket") }),
  )
}

/**
 * Wrap Node streams in an {@link AsyncFd}: a duplex (socket, `child_process` stdio pipe,
 * TTY), or a readable and/or a writable (e.g. `child.stdout` + `child.stdin`).
 * @throws RegularFileNotPollable for `fs.ReadStream` / `fs.WriteStream` over a regular file.
 * @throws InvalidArgument when there is no open readable or writable stream to wrap.
 */
export function fromStream(
  stream: { readable?: Readable; writable?: Writable } | Readable | Writable,
  label = "stream",
): StreamFd {
  // A Node stream (a Duplex such as a socket counts for both sides unless it was created
  // one-sided, e.g. child.stdin is a write-only socket), or an explicit { readable, writable }.
  if (typeof stream !== "object" || stream === null) {
    throw new InvalidArgument(
      `fromStream(${label})`,
      `expected a Node stream or { readable?, writable? }, got ${describeArgument(stream)}`,
      "pass a socket, a child_process stdio stream, a TTY stream, or { readable, writable }",
    )
  }
  const isStream = typeof (stream as Readable).on === "function"
  const r = stream as Readable & { readable: boolean }
  const w = stream as Writable & { writable: boolean }
  const parts = isStream
    ? {
        readable: typeof r.read === "function" && r.readable !== false ? (stream as Readable) : undefined,
        writable: typeof w.write === "function" && w.writable !== false ? (stream as Writable) : undefined,
      }
    : (stream as { readable?: Readable; writable?: Writable })
  if (!isStream) {
    for (const [key, s, method] of [
      ["readable", parts.readable, "read"],
      ["writable", parts.writable, "write"],
    ] as const) {
      if (
        s !== undefined &&
        (typeof s !== "object" || s === null || typeof (s as unknown as Record<string, unknown>)[method] !== "function")
      ) {
        throw new InvalidArgument(
          `fromStream(${label})`,
          `${key} must be a Node ${key === "readable" ? "Readable" : "Writable"}, got ${describeArgument(s)}`,
          `pass a stream with a ${method}() method, or leave ${key} out`,
        )
      }
    }
  }
  if (!isStream && parts.readable === undefined && parts.writable === undefined) {
    throw new InvalidArgument(
      `fromStream(${label})`,
      "neither a readable nor a writable stream to wrap (an empty object)",
      "pass { readable } and/or { writable }, or the stream itself",
    )
  }
  for (const s of [parts.readable, parts.writable]) {
    if (isRegularFileStream(s)) throw new RegularFileNotPollable(`${label} (${String(s.path)})`)
  }
  return new AsyncFd(new StreamSource({ readable: parts.readable, writable: parts.writable, label }))
}

/**
 * Whether `s` streams a regular file. Being an `fs.ReadStream` / `fs.WriteStream` is not
 * enough: Bun builds `process.stdin` and child-process pipes on those classes too, so the
 * file itself is asked (its fd once open, else its path).
 */
function isRegularFileStream(s: Readable | Writable | undefined): s is fs.ReadStream | fs.WriteStream {
  if (!(s instanceof fs.ReadStream || s instanceof fs.WriteStream)) return false
  const fd: unknown = (s as { fd?: unknown }).fd
  try {
    if (typeof fd === "number") return fs.fstatSync(fd).isFile()
    return (typeof s.path === "string" || s.path instanceof Uint8Array) && fs.statSync(s.path).isFile()
  } catch {
    return false // not open and no such path: not a file we could refuse by name
  }
}

/**
 * Wrap an open file descriptor: a socket, pipe/FIFO or TTY.
 * @throws RegularFileNotPollable when `fd` is a regular file, a character device that is not
 * a TTY (`/dev/null`, `/dev/zero`), a block device or a directory — none of them ever waits.
 * @throws InvalidArgument when `fd` is not a whole number from 0 to 2^31 - 1 or is not open.
 */
export function fromFd(fd: number, label?: string): StreamFd {
  if (typeof fd !== "number" || !Number.isInteger(fd) || fd < 0 || fd > MAX_FD) {
    throw new InvalidArgument(
      `fromFd(${typeof fd === "number" ? String(fd) : "fd"})`,
      `fd must be a whole number from 0 to ${MAX_FD}, got ${describeArgument(fd)}`,
      "pass an open file descriptor (a socket, pipe or TTY)",
    )
  }
  if (label === undefined) label = `fd ${fd}`
  else if (typeof label !== "string") {
    throw new InvalidArgument(
      `fromFd(${fd}, label)`,
      `label must be a string, got ${describeArgument(label)}`,
      "pass a name for messages, or leave it out",
    )
  }
  let st: fs.Stats
  try {
    st = fs.fstatSync(fd)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EBADF") {
      throw new InvalidArgument(
        `fromFd(${fd})`,
        `fd ${fd} is not open (EBADF)`,
        "open it first (or pass the descriptor your socket/pipe really has)",
      )
    }
    throw e
  }
  if (st.isFile()) throw new RegularFileNotPollable(label)
  if (tty.isatty(fd)) return fromStream(new tty.ReadStream(fd), `tty ${label}`)
  if (st.isCharacterDevice())
    throw new RegularFileNotPollable(label, "a character device that is not a TTY (like /dev/null or /dev/zero)")
  if (st.isBlockDevice()) throw new RegularFileNotPollable(label, "a block device")
  if (st.isDirectory()) throw new RegularFileNotPollable(label, "a directory")
  return fromSocket(new net.Socket({ fd, readable: true, writable: true }), { label })
}

/** The largest file descriptor number (a C int). */
const MAX_FD = 2 ** 31 - 1

/** The one stdin fd per `process.stdin` stream (a test may swap the stream). */
const stdinFds = new WeakMap<Readable, StreamFd>()

/**
 * `process.stdin` as a read-only {@link AsyncFd} (a TTY or a pipe).
 *
 * @remarks
 * Stdin is one per process, so is its fd: every call returns the **same** fd. Calling
 * `stdin()` in a loop adds no listeners to `process.stdin`, and `lines(stdin())` continues
 * where the previous `lines(stdin())` stopped (the bytes it read past its line stay in the
 * fd). Two concurrent readers fail with `FdBusy`, as on any fd. `close()` destroys
 * `process.stdin` for the whole process and removes the fd's listeners; later calls return
 * the closed fd (reads throw `FdClosed`).
 * @throws RegularFileNotPollable when stdin is redirected from a regular file.
 */
export function stdin(): StreamFd {
  const s = process.stdin as Readable & { isTTY?: boolean }
  let fd = stdinFds.get(s)
  if (fd === undefined) {
    fd = fromStream({ readable: s }, s.isTTY === true ? "tty stdin" : "stdin")
    stdinFds.set(s, fd)
  }
  return fd
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /**
   * Read through `net.Socket`'s `onread` into a small pool of reused buffers
   * ({@link OnreadSource}): `fd.readLent()` is then zero-copy. Default false (paused-mode
   * {@link StreamSource}).
   */
  readonly onread?: boolean | OnreadOptions
}

/** Check `ConnectOptions` when `connect()` is called, not at the first poll. */
function checkConnectOptions(where: string, options: unknown): OnreadOptions | undefined {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgument(
      where,
      `options must be an object { onread? }, got ${describeArgument(options)}`,
      "pass { onread: true } or leave the options out",
    )
  }
  const onread = (options as { onread?: unknown }).onread
  if (onread === undefined || onread === false) return undefined
  if (onread === true) return {}
  if (typeof onread !== "object" || onread === null) {
    throw new InvalidArgument(
      where,
      `onread must be true, false or { buffers, bufferSize }, got ${describeArgument(onread)}`,
      "pass onread: true for the default pool, or an options object",
    )
  }
  checkOnreadOptions(where, onread)
  return onread as OnreadOptions
}

function connectWith(
  opts: net.NetConnectOpts,
  target: string,
  options: ConnectOptions = {},
): Pollable<NodeFd, ConnectFailed> {
  const label = !("path" in opts) ? `tcp ${target}` : `unix ${target}`
  const onread = checkConnectOptions(`connect(${target})`, options)
  return fromCallback<NodeFd, ConnectFailed>(
    (resolve, reject) => {
      const src = onread !== undefined ? new OnreadSource(label, onread) : undefined
      // allowHalfOpen: the peer's EOF must not end our write side (see keepHalfOpen)
      const s = net.connect(
        (src === undefined
          ? { ...opts, allowHalfOpen: true }
          : { ...opts, allowHalfOpen: true, onread: src.socketOptions() }) as net.NetConnectOpts,
      )
      let connected = false
      const onError = (e: NodeJS.ErrnoException) => reject(new ConnectFailed(target, e.code, e))
      s.once("error", onError)
      s.once("connect", () => {
        connected = true
        s.off("error", onError)
        if (src === undefined) return resolve(fromSocket(s, { label }) as unknown as NodeFd)
        s.setNoDelay(true)
        src.attach(s)
        resolve(new AsyncFd(src) as unknown as NodeFd)
      })
      // runs on cancel and after completion: destroy only a half-open socket (a connected
      // one belongs to whoever took the fd, or is closed by `dispose` on cancel)
      return () => {
        if (!connected) s.destroy()
      }
    },
    // a cancel after connect but before a poll took the fd (a race lost in the same turn)
    { label: `connect(${target})`, dispose: (fd) => fd.close() },
  )
}

/**
 * Connect over TCP; a future of the connected {@link AsyncFd}.
 * @remarks Cancel safety: cancelling destroys the half-open socket, or the connected one
 * when the fd was not yet handed out.
 * @throws ConnectFailed (refused, unreachable, DNS).
 * @throws InvalidArgument at call time for a bad host, a port outside 1–65535, or bad
 * `options` (e.g. `onread: { buffers: 1 }`).
 * @example
 * ```ts
 * const fd = yield* connect("127.0.0.1", port)
 * yield* fd.write(new TextEncoder().encode("PING\r\n"))
 * const reply = yield* lines(fd).next()
 * ```
 */
export function connect(host: string, port: number, options: ConnectOptions = {}): Pollable<NodeFd, ConnectFailed> {
  const hostShown = typeof host === "string" ? host : "host"
  const portShown = typeof port === "number" ? String(port) : "port"
  const where = `connect(${hostShown}, ${portShown})`
  if (typeof host !== "string" || host === "") {
    throw new InvalidArgument(
      where,
      `host must be a non-empty string, got ${describeArgument(host)}`,
      'pass a host name or address, e.g. "127.0.0.1"',
    )
  }
  checkPort(where, port, 1, "pass the server's TCP port")
  return connectWith({ host, port }, `${host}:${port}`, options)
}

/**
 * Connect to a Unix domain socket. @throws ConnectFailed; InvalidArgument at call time for an empty path or bad
 * `options`.
 */
export const connectUnix = (path: string, options: ConnectOptions = {}): Pollable<NodeFd, ConnectFailed> =>
  connectWith({ path: checkPath(`connectUnix(${String(path)})`, path) }, path, options)

/**
 * A listening TCP (or Unix) server; accept connections as futures or as a stream.
 * @remarks A connection is wrapped in its fd as soon as it arrives, so an error on a
 * connection nobody accepted yet (a peer reset) is kept and thrown by the accepted fd's
 * first read (`ConnectionReset`) instead of crashing the process. `close()` closes the
 * unaccepted connections and removes every listener the `Listener` added to the server.
 */
export class Listener {
  readonly #server: net.Server
  /**
   * The unaccepted connections, and one waker per pending accept()/incoming(): several may wait at once, and
   * cancelling one must not strand the others.
   */
  readonly #accepts = new AcceptQueue<NodeFd>()
  readonly #own = new OwnListeners()
  #closed = false
  #serverClosed = false
  /** @internal */
  constructor(server: net.Server) {
    this.#server = server
    this.#own.on(server, "connection", (s: net.Socket) => {
      if (this.#closed) return void s.destroy()
      this.#accepts.push(fromSocket(s))
    })
    // a server error after listen() succeeded (e.g. EMFILE on accept) must not crash the process
    this.#own.on(server, "error", () => {})
    this.#own.on(server, "close", () => {
      this.#serverClosed = true
      if (this.#closed) this.#own.detach(server)
    })
  }
  /** The bound port (useful with port 0). */
  get port(): number {
    const a = this.#server.address()
    return typeof a === "object" && a !== null ? a.port : 0
  }
  /** @internal `waiter` identifies the accepting future (its latest waker replaces its previous one). */
  pollAccept(cx: Context, waiter: object): Poll<NodeFd> {
    if (this.#closed) throw new FdClosed("listener", "accept")
    return this.#accepts.poll(cx, waiter)
  }
  /** @internal */
  dropWaker(waiter: object): void {
    this.#accepts.dropWaker(waiter)
  }
  /**
   * A future of the next connection. Several may wait at once (each connection goes to one of them).
   * @remarks Cancel safety: safe; no connection is lost, and the other waiting accepts keep waiting.
   */
  accept(): Pollable<NodeFd, FdClosed> {
    return new Accept(this)
  }
  /** The connections as a stream (ends when the listener is closed). */
  incoming(): StreamBase<NodeFd, never> {
    return new Incoming(this)
  }
  get closed(): boolean {
    return this.#closed
  }
  /**
   * Stop listening, close unaccepted connections, wake a pending accept (it fails with
   * `FdClosed`), and remove the listeners this `Listener` added to the server (its `'error'`
   * and `'close'` ones stay until the server emits `'close'`, after the accepted
   * connections ended).
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#server.close()
    this.#own.detach(this.#server, !this.#serverClosed)
    this.#accepts.close()
  }

  /** {@link close}, for `using`: a listener bound with `using` stops at the end of the block. */
  [disposeSymbol](): void {
    this.close()
  }
}

class Accept extends FutureBase<NodeFd, FdClosed> {
  constructor(readonly listener: Listener) {
    super()
  }
  get label(): string {
    return `accept(:${this.listener.port})`
  }
  protected step(cx: Context): Poll<NodeFd> {
    return this.listener.pollAccept(cx, this)
  }
  protected onCancel(): void {
    this.listener.dropWaker(this)
  }
}

class Incoming extends StreamBase<NodeFd, never> {
  constructor(readonly listener: Listener) {
    super()
  }
  get label(): string {
    return `incoming(:${this.listener.port})`
  }
  protected step(cx: Context): Poll<NodeFd | typeof Done> {
    if (this.listener.closed) return Done
    return this.listener.pollAccept(cx, this)
  }
  protected onCancel(): void {
    this.listener.dropWaker(this)
  }
}

/**
 * Run `handler(fd)` for one accepted connection as its own task. Whatever goes wrong with
 * this connection stays with it: a handler that throws, returns something that is not a
 * future, or whose future fails gets its fd closed and its error reported (the fault
 * reporter, `origin` naming the listener), and the accept loop goes on. @internal
 */
function serveWith(
  sp: Spawner,
  handler: (fd: NodeFd) => Future<unknown, unknown>,
  origin: string,
): (fd: NodeFd) => void {
  const fail = (fd: NodeFd, e: unknown): void => {
    reportFault(e, `${origin} (${fd.label})`)
    fd.close()
  }
  return (fd) => {
    let f: unknown
    try {
      f = handler(fd)
    } catch (e) {
      return fail(fd, e)
    }
    if (!isFutureLike(f)) {
      const got = f instanceof Promise ? "a Promise" : describeArgument(f)
      return fail(
        fd,
        new InvalidArgument(
          origin,
          `the handler returned ${got}, not a future`,
          "return a future from the handler (e.g. gen(function* () { ... }), or fromPromise(() => promise))",
        ),
      )
    }
    let h: PromiseLike<unknown>
    try {
      h = sp.spawn(f as Future<unknown, unknown>)
    } catch (e) {
      return fail(fd, e)
    }
    h.then(
      () => fd.close(),
      (e: unknown) => (e instanceof Interrupted ? fd.close() : fail(fd, e)),
    )
  }
}

/** Check what `listen()` was given and normalise a bare port to `127.0.0.1:port`. @internal */
function checkListenTarget(target: unknown): { port: number; host?: string } | { path: string } {
  const fix = "pass 0 for a free port, or the port to bind"
  if (typeof target !== "object" || target === null)
    return { port: checkPort(`listen(${String(target)})`, target, 0, fix), host: "127.0.0.1" }
  const t = target as { port?: unknown; host?: unknown; path?: unknown }
  if ("path" in t && t.path !== undefined) return { path: checkPath("listen({ path })", t.path) }
  if (!("port" in t) || t.port === undefined) {
    throw new InvalidArgument(
      "listen(options)",
      "expected a port number, { port, host? } or { path }, got an object with neither port nor path",
      fix,
    )
  }
  const port = checkPort("listen({ port })", t.port, 0, fix)
  if (t.host !== undefined && typeof t.host !== "string")
    throw new InvalidArgument(
      "listen({ host })",
      `host must be a string, got ${describeArgument(t.host)}`,
      'pass an address such as "127.0.0.1", or leave host out',
    )
  return t.host === undefined ? { port, host: "127.0.0.1" } : { port, host: t.host }
}

/**
 * Listen on `127.0.0.1:port` (port 0 picks a free one) or a Unix socket path; a future of
 * the {@link Listener}. With `handler`, every connection runs `handler(fd)` as its own task
 * on the executor that polled `listen` (needs the spawner capability), and the fd is
 * closed when the handler ends.
 * @remarks Faults: a handler that throws, returns something that is not a future, or whose
 * future fails affects only its own connection: that fd is closed, the error goes to the
 * fault reporter (`setFaultReporter`; the console by default) with an origin naming the
 * listener and the connection, and the listener keeps accepting. A handler task that is
 * cancelled (`Interrupted`) just has its fd closed.
 *
 * Cancel safety: cancelling before the listener was handed out closes the server.
 * @throws MissingCapability when a handler is given and the executor has no spawner.
 * @throws ListenFailed when the address cannot be bound (e.g. `EADDRINUSE`).
 * @throws InvalidArgument at call time for a port outside 0–65535, an empty path, or a
 * handler that is not a function.
 */
export function listen(
  port: number | { path: string } | { port: number; host?: string },
  handler?: (fd: NodeFd) => Future<unknown, unknown>,
): Pollable<Listener, ListenFailed> {
  const opts = checkListenTarget(port)
  const address = "path" in opts ? opts.path : `${opts.host ?? "127.0.0.1"}:${opts.port}`
  if (handler !== undefined && typeof handler !== "function") {
    throw new InvalidArgument(
      `listen(${address}, handler)`,
      `expected a function, got ${describeArgument(handler)}`,
      "pass (fd) => future run per connection, or leave the handler out",
    )
  }
  let spawner: Context["spawner"]
  const f = fromCallback<Listener, ListenFailed>(
    (resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: true })
      const l = new Listener(server)
      let listening = false
      const onError = (e: NodeJS.ErrnoException) => reject(new ListenFailed(address, e.code, e))
      server.once("error", onError)
      server.listen(opts, () => {
        listening = true
        server.off("error", onError)
        if (handler !== undefined && spawner !== undefined) {
          const sp = spawner
          const loop = l.incoming()
          const serve = serveWith(sp, handler, `listen(${address}) handler`)
          const accept: Future<void, never> = {
            poll(cx: Context) {
              for (;;) {
                const r = loop.pollNext(cx)
                if (r === Pending) return Pending
                if (r === Done) return undefined
                serve(r)
              }
            },
            cancel: () => loop.cancel(),
          }
          sp.spawn(accept)
        }
        resolve(l)
      })
      return () => {
        if (!listening) l.close()
      }
    },
    { label: "listen()", dispose: (l) => l.close() },
  )
  if (handler === undefined) return f
  return new (class extends FutureBase<Listener, ListenFailed> {
    get label(): string {
      return "listen(handler)"
    }
    protected step(cx: Context): Poll<Listener> {
      if (cx.spawner === undefined) throw new MissingCapability("spawner", "listen(port, handler)")
      spawner = cx.spawner
      return f.poll(cx)
    }
    protected onCancel(): void {
      f.cancel()
    }
  })()
}
