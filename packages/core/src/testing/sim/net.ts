import type { Future, Pollable } from "../../contracts/future.js"
import { Pending, type Poll } from "../../contracts/poll.js"
import type { Context, Spawner, TimerEntry } from "../../contracts/waker.js"
import { Done } from "../../contracts/stream.js"
import { fromCallback } from "../../combinators/from-callback.js"
import { Interrupted, InvalidArgument } from "../../errors.js"
import { describeArgument } from "../../internal/check.js"
import { reportFault } from "../../fault/report.js"
import { FutureBase } from "../../future-base.js"
import { AsyncFd } from "../../io/async-fd.js"
import { AcceptQueue } from "../../io/accept-queue.js"
import { BrokenPipe, ConnectionReset, FdClosed } from "../../io/errors.js"
import { Eof, WouldBlock, type IoSource, type Unregister } from "../../io/source.js"
import { ReadinessSlot } from "../../io/readiness-slot.js"
import { disposeSymbol } from "../../internal/dispose.js"
import { StreamBase } from "../../stream/stream-base.js"
import type { VirtualClock } from "../virtual-clock.js"
import { ConnectFailed, ListenFailed } from "./errors.js"

/**
 * The network functions a program takes as a parameter instead of importing them, so the
 * same code runs on real sockets and in a simulation. `connect` and `listen` of
 * `@pollable/adapter-native/io` fit this shape, and so does every host of a simulation
 * (`sim.host(name, (h) => …)`: `h.connect`, `h.listen`).
 *
 * @example
 * ```ts
 * const ping = (net: Net, host: string, port: number) => gen(function* () {
 *   const fd = yield* net.connect(host, port)
 *   yield* fd.write(new TextEncoder().encode("PING\n"))
 *   return yield* lines(fd).next()
 * })
 * ```
 */
export interface Net<Fd extends AsyncFd<IoSource> = AsyncFd<IoSource>> {
  connect(host: string, port: number): Pollable<Fd, Error>
  listen(
    port: number | { port: number; host?: string },
    handler?: (fd: Fd) => Future<unknown, unknown>,
  ): Pollable<NetListener<Fd>, Error>
}

/** What {@link Net.listen} gives: the shape of the Node adapter's `Listener`. */
export interface NetListener<Fd extends AsyncFd<IoSource> = AsyncFd<IoSource>> {
  readonly port: number
  readonly closed: boolean
  accept(): Pollable<Fd, FdClosed>
  close(): void
}

/** Timing of a link (one direction between two hosts). */
export interface LinkOptions {
  /** One-way delay in whole virtual ms. Default 1. */
  readonly latency?: number | undefined
  /** Extra delay per segment, drawn from the seed: 0 to `jitter` whole ms. Default 2. Streams stay ordered. */
  readonly jitter?: number | undefined
  /** Bytes per virtual ms; a segment of n bytes occupies the link for ceil(n / bandwidth) ms. Default: unlimited. */
  readonly bandwidth?: number | undefined
}

/** Options of the simulated network. */
export interface NetOptions extends LinkOptions {
  /** How long (virtual ms) a `connect` to an unreachable or crashed host waits before `ETIMEDOUT`. Default 1,000. */
  readonly connectTimeout?: number | undefined
  /**
   * Bytes a socket may have unread or in flight towards its peer before `tryWrite` returns
   * `WouldBlock`. Default 64 KiB.
   */
  readonly sendBuffer?: number | undefined
}

const noop: Unregister = () => {}

/** A segment on the wire: bytes, a half-close (`fin`), or a full close. */
interface Segment {
  at: number
  readonly kind: "data" | "fin" | "close"
  readonly bytes: Uint8Array | undefined
}

/** One direction of one connection: segments in flight, in order. @internal */
class Wire {
  readonly segs: Segment[] = []
  /** The latest arrival scheduled: later segments never overtake it (TCP stays ordered). */
  last = 0
  /** Until when the link is busy sending (bandwidth). */
  busy = 0
  /** Bytes in flight. */
  bytes = 0
  entry: TimerEntry | undefined
  held = false
  constructor(
    readonly conn: SimConnection,
    readonly from: SimSocket,
    readonly to: SimSocket,
  ) {}
}

/** A simulated TCP connection between two hosts. */
export class SimConnection {
  /** @internal */ readonly wires: [Wire, Wire]
  /** @internal */ readonly ends: [SimSocket, SimSocket]
  /** @internal */ done = false
  /** @internal */
  constructor(
    readonly id: number,
    readonly net: SimNetwork,
    readonly client: string,
    readonly server: string,
    clientLabel: string,
    serverLabel: string,
  ) {
    const c = new SimSocket(this, 0, client, clientLabel)
    const s = new SimSocket(this, 1, server, serverLabel)
    this.ends = [c, s]
    this.wires = [new Wire(this, c, s), new Wire(this, s, c)]
  }
  /** `#id client->server`, as the trace names it. */
  get name(): string {
    return `#${this.id} ${this.client}->${this.server}`
  }
}

/**
 * One end of a simulated TCP connection: an {@link IoSource} whose bytes travel through the
 * simulated network (latency, jitter, bandwidth, partitions), so `new AsyncFd(socket)` and
 * every helper on top (`lines`, `framed`, `readExact`) work unchanged.
 */
export class SimSocket implements IoSource {
  readonly #inbox: Uint8Array[] = []
  #inSize = 0
  #eof = false
  #peerGone = false
  #reset = false
  #shut = false
  #closed = false
  readonly #read = new ReadinessSlot()
  readonly #write = new ReadinessSlot()
  /** @internal */
  constructor(
    readonly conn: SimConnection,
    readonly side: 0 | 1,
    /** The host this end belongs to. */
    readonly host: string,
    readonly label: string,
  ) {}

  get #peer(): SimSocket {
    return this.conn.ends[1 - this.side]!
  }
  get #out(): Wire {
    return this.conn.wires[this.side]!
  }
  /** Bytes this end has not read yet. */
  get unread(): number {
    return this.#inSize
  }

  #readable(): boolean {
    return this.#inSize > 0 || this.#eof || this.#reset || this.#closed
  }
  #writable(): boolean {
    return (
      this.#out.bytes + this.#peer.#inSize < this.conn.net.sendBuffer ||
      this.#reset ||
      this.#peerGone ||
      this.#shut ||
      this.#closed
    )
  }

  tryRead(): Uint8Array | WouldBlock | Eof {
    if (this.#reset) throw new ConnectionReset(this.label)
    if (this.#closed) return Eof
    const first = this.#inbox.shift()
    if (first === undefined) return this.#eof ? Eof : WouldBlock
    this.#inSize -= first.length
    this.#peer.#write.fire()
    return first
  }

  tryWrite(bytes: Uint8Array): number | WouldBlock {
    if (this.#reset) throw new ConnectionReset(this.label)
    if (this.#shut || this.#closed) throw new BrokenPipe(this.label, undefined, "shutdown")
    if (this.#peerGone) throw new BrokenPipe(this.label, undefined, "peer")
    if (bytes.length === 0) return 0
    const free = this.conn.net.sendBuffer - this.#out.bytes - this.#peer.#inSize
    if (free <= 0) return WouldBlock
    const n = Math.min(free, bytes.length)
    this.conn.net.transmit(this.#out, "data", bytes.slice(0, n))
    return n
  }

  onReadable(ready: () => void): Unregister {
    if (this.#readable()) {
      ready()
      return noop
    }
    return this.#read.arm(ready)
  }

  onWritable(ready: () => void): Unregister {
    if (this.#writable()) {
      ready()
      return noop
    }
    return this.#write.arm(ready)
  }

  /** Half-close: the peer reads what was sent, then EOF; this end can still read. */
  shutdown(): void {
    if (this.#shut || this.#closed || this.#reset) return
    this.#shut = true
    this.conn.net.transmit(this.#out, "fin", undefined)
  }

  /** Close this end: the peer reads what was sent, then EOF, and its writes fail with `BrokenPipe`. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    if (!this.#reset) this.conn.net.transmit(this.#out, "close", undefined)
    this.#inbox.length = 0
    this.#inSize = 0
    this.#read.fire()
    this.#write.fire()
    if (this.#peer.#closed) this.conn.done = true
  }

  /** A segment arrived from the peer. @internal */
  receive(seg: Segment): void {
    if (this.#closed || this.#reset) return
    if (seg.kind === "data") {
      this.#inbox.push(seg.bytes!)
      this.#inSize += seg.bytes!.length
    } else {
      this.#eof = true
      if (seg.kind === "close") {
        this.#peerGone = true
        this.#write.fire()
      }
    }
    this.#read.fire()
  }

  /** The connection was reset: reads and writes throw `ConnectionReset`. @internal */
  resetNow(): void {
    if (this.#closed) return
    this.#reset = true
    this.#inbox.length = 0
    this.#inSize = 0
    this.#read.fire()
    this.#write.fire()
  }
}

/** A port bound by a simulated host; the shape of the Node adapter's `Listener`. */
export class SimListener implements NetListener<AsyncFd<SimSocket>> {
  readonly #accepts = new AcceptQueue<AsyncFd<SimSocket>>()
  #closed = false
  /** @internal */
  constructor(
    readonly net: SimNetwork,
    /** The host listening. */
    readonly host: string,
    /** The bound port. */
    readonly port: number,
  ) {}
  get closed(): boolean {
    return this.#closed
  }
  /** @internal */
  push(fd: AsyncFd<SimSocket>): void {
    this.#accepts.push(fd)
  }
  /** @internal */
  pollAccept(cx: Context, waiter: object): Poll<AsyncFd<SimSocket>> {
    if (this.#closed) throw new FdClosed(`listener ${this.host}:${this.port}`, "accept")
    return this.#accepts.poll(cx, waiter)
  }
  /** @internal */
  dropWaker(waiter: object): void {
    this.#accepts.dropWaker(waiter)
  }
  /** A future of the next connection. @remarks Cancel safety: safe; no connection is lost. */
  accept(): Pollable<AsyncFd<SimSocket>, FdClosed> {
    return new Accept(this)
  }
  /** The connections as a stream (ends when the listener is closed). */
  incoming(): StreamBase<AsyncFd<SimSocket>, never> {
    return new Incoming(this)
  }
  /** Unbind the port, close connections nobody accepted, fail pending accepts with `FdClosed`. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.net.unbind(this)
    this.#accepts.close()
  }
  /** {@link close}, for `using`. */
  [disposeSymbol](): void {
    this.close()
  }
}

class Accept extends FutureBase<AsyncFd<SimSocket>, FdClosed> {
  constructor(readonly listener: SimListener) {
    super()
  }
  get label(): string {
    return `accept(${this.listener.host}:${this.listener.port})`
  }
  protected step(cx: Context): Poll<AsyncFd<SimSocket>> {
    return this.listener.pollAccept(cx, this)
  }
  protected onCancel(): void {
    this.listener.dropWaker(this)
  }
}

class Incoming extends StreamBase<AsyncFd<SimSocket>, never> {
  constructor(readonly listener: SimListener) {
    super()
  }
  get label(): string {
    return `incoming(${this.listener.host}:${this.listener.port})`
  }
  protected step(cx: Context): Poll<AsyncFd<SimSocket> | typeof Done> {
    if (this.listener.closed) return Done
    return this.listener.pollAccept(cx, this)
  }
  protected onCancel(): void {
    this.listener.dropWaker(this)
  }
}

/** What the network needs from the simulation. @internal */
export interface NetHooks {
  readonly clock: VirtualClock
  /** The seed's network stream (jitter). */
  readonly random: () => number
  record(line: string): void
  isUp(host: string): boolean
}

const show = (bytes: Uint8Array): string => {
  let s = ""
  const n = Math.min(bytes.length, 40)
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!
    s += c === 10 ? "\\n" : c === 13 ? "\\r" : c >= 32 && c < 127 ? String.fromCharCode(c) : "."
  }
  return bytes.length > n ? `${s}…` : s
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`)

/** Check a whole number of ms / bytes from an option. */
const checkNonNegative = (where: string, v: unknown, allowInfinity: boolean): number => {
  if (
    typeof v !== "number" ||
    !(v >= 0) ||
    (!allowInfinity && !Number.isFinite(v)) ||
    (Number.isFinite(v) && v % 1 !== 0)
  ) {
    throw new InvalidArgument(
      where,
      `expected a whole number >= 0${allowInfinity ? " (or Infinity)" : ""}, got ${describeArgument(v)}`,
      "pass e.g. 1",
    )
  }
  return v
}

/** Resolved timing of a link. */
interface Link {
  readonly latency: number
  readonly jitter: number
  readonly bandwidth: number
}

/**
 * The simulated network of one simulation: links with latency, jitter and bandwidth,
 * partitions, resets, listeners. Reached through the hosts (`h.connect`, `h.listen`) and
 * the simulation's fault methods; one per `simulate` run.
 */
export class SimNetwork {
  readonly #hooks: NetHooks
  readonly #default: Link
  readonly #links = new Map<string, Link>()
  readonly #partitions = new Set<string>()
  readonly #listeners = new Map<string, SimListener>()
  readonly #conns = new Set<SimConnection>()
  readonly #ports = new Map<string, number>()
  readonly connectTimeout: number
  readonly sendBuffer: number
  #nextConn = 1

  /** @internal */
  constructor(hooks: NetHooks, options: NetOptions = {}) {
    this.#hooks = hooks
    this.#default = this.#link("simulate({ net })", options, { latency: 1, jitter: 2, bandwidth: Infinity })
    this.connectTimeout = checkNonNegative(
      "simulate({ net: { connectTimeout } })",
      options.connectTimeout ?? 1000,
      false,
    )
    const sb = checkNonNegative("simulate({ net: { sendBuffer } })", options.sendBuffer ?? 65536, false)
    if (sb === 0)
      throw new InvalidArgument(
        "simulate({ net: { sendBuffer } })",
        "expected at least 1 byte, got 0",
        "pass e.g. 65536",
      )
    this.sendBuffer = sb
  }

  #link(where: string, o: LinkOptions, base: Link): Link {
    const latency = checkNonNegative(`${where}.latency`, o.latency ?? base.latency, false)
    const jitter = checkNonNegative(`${where}.jitter`, o.jitter ?? base.jitter, false)
    const bandwidth = o.bandwidth ?? base.bandwidth
    if (typeof bandwidth !== "number" || !(bandwidth > 0)) {
      throw new InvalidArgument(
        `${where}.bandwidth`,
        `expected bytes per ms > 0, got ${describeArgument(bandwidth)}`,
        "pass e.g. 1000, or leave it out for unlimited",
      )
    }
    return { latency, jitter, bandwidth }
  }

  /** Set the timing of the links between `a` and `b` (both directions). */
  setLink(a: string, b: string, options: LinkOptions): void {
    this.#links.set(pairKey(a, b), this.#link(`sim.link(${a}, ${b})`, options, this.#default))
  }

  #linkOf(a: string, b: string): Link {
    return this.#links.get(pairKey(a, b)) ?? this.#default
  }

  #delay(a: string, b: string): number {
    const l = this.#linkOf(a, b)
    return l.latency + (l.jitter === 0 ? 0 : Math.floor(this.#hooks.random() * (l.jitter + 1)))
  }

  /** True while `a` and `b` cannot reach each other. */
  partitioned(a: string, b: string): boolean {
    return a !== b && this.#partitions.has(pairKey(a, b))
  }

  /** @internal */
  partition(a: string, b: string): void {
    if (a === b) return
    this.#partitions.add(pairKey(a, b))
    this.#hooks.record(`partition ${a} ${b}`)
  }

  /** @internal Heal `a`–`b`, or every partition when both are undefined. */
  heal(a?: string, b?: string): void {
    if (a === undefined || b === undefined) this.#partitions.clear()
    else this.#partitions.delete(pairKey(a, b))
    this.#hooks.record(a === undefined || b === undefined ? "heal all" : `heal ${a} ${b}`)
    const now = this.#hooks.clock.now()
    for (const c of this.#conns) {
      for (const w of c.wires) {
        if (!w.held || this.partitioned(w.from.host, w.to.host)) continue
        w.held = false
        let t = now + this.#delay(w.from.host, w.to.host)
        for (const s of w.segs) {
          s.at = Math.max(s.at, t)
          t = s.at
        }
        w.last = Math.max(w.last, t)
        this.#arm(w)
      }
    }
  }

  /** @internal Reset every connection between `a` and `b`, or one connection. */
  reset(a: string | SimConnection, b?: string): void {
    const hit = [...this.#conns].filter((c) =>
      typeof a === "string" ? pairKey(c.client, c.server) === pairKey(a, b ?? a) : c === a,
    )
    if (typeof a === "string") this.#hooks.record(`reset ${a} ${b ?? a} (${hit.length} connections)`)
    for (const c of hit) this.#resetConn(c)
  }

  #resetConn(c: SimConnection): void {
    if (c.done) return
    c.done = true
    this.#conns.delete(c)
    this.#hooks.record(`rst ${c.name}`)
    for (const w of c.wires) {
      w.entry?.cancel()
      w.entry = undefined
      w.segs.length = 0
      w.bytes = 0
    }
    for (const s of c.ends) s.resetNow()
  }

  /** @internal A host crashed: its connections are reset and its listeners closed. */
  hostDown(host: string): void {
    for (const c of [...this.#conns]) if (c.client === host || c.server === host) this.#resetConn(c)
    for (const l of [...this.#listeners.values()]) if (l.host === host) l.close()
  }

  /** @internal */
  unbind(l: SimListener): void {
    const key = `${l.host}:${l.port}`
    if (this.#listeners.get(key) === l) {
      this.#listeners.delete(key)
      this.#hooks.record(`unlisten ${key}`)
    }
  }

  /** Connections open now. */
  get connections(): number {
    return this.#conns.size
  }

  /** @internal Put a segment on the wire. */
  transmit(w: Wire, kind: Segment["kind"], bytes: Uint8Array | undefined): void {
    const clock = this.#hooks.clock
    const now = clock.now()
    const from = w.from.host
    const to = w.to.host
    const l = this.#linkOf(from, to)
    const n = bytes?.length ?? 0
    const tx = l.bandwidth === Infinity ? 0 : Math.ceil(n / l.bandwidth)
    const start = Math.max(now, w.busy)
    w.busy = start + tx
    const at = Math.max(start + tx + this.#delay(from, to), w.last)
    w.last = at
    w.segs.push({ at, kind, bytes })
    w.bytes += n
    this.#hooks.record(
      kind === "data"
        ? `send ${w.conn.name} ${w.from.side === 0 ? ">" : "<"} ${n}B "${show(bytes!)}" @${at}`
        : `${kind} ${w.conn.name} from ${from} @${at}`,
    )
    if (w.segs.length === 1 && !w.held) this.#arm(w)
  }

  #arm(w: Wire): void {
    const head = w.segs[0]
    if (head === undefined || w.entry !== undefined) return
    w.entry = this.#hooks.clock.schedule(head.at, { wake: () => this.#arrive(w) })
  }

  #arrive(w: Wire): void {
    w.entry = undefined
    if (w.conn.done && w.segs.length === 0) return
    if (this.partitioned(w.from.host, w.to.host)) {
      if (!w.held) this.#hooks.record(`hold ${w.conn.name} ${w.from.host}->${w.to.host}`)
      w.held = true
      return
    }
    const seg = w.segs.shift()
    if (seg === undefined) return
    w.bytes -= seg.bytes?.length ?? 0
    this.#hooks.record(
      seg.kind === "data"
        ? `deliver ${w.conn.name} ${w.from.side === 0 ? ">" : "<"} ${seg.bytes!.length}B`
        : `deliver ${seg.kind} ${w.conn.name} to ${w.to.host}`,
    )
    w.to.receive(seg)
    if (w.conn.done && w.conn.wires.every((x) => x.segs.length === 0)) this.#conns.delete(w.conn)
    this.#arm(w)
  }

  #ephemeral(host: string): number {
    const p = (this.#ports.get(host) ?? 49151) + 1
    this.#ports.set(host, p)
    return p
  }

  /** `connect` as seen from `from`. @internal */
  connect(from: string, host: string, port: number): Pollable<AsyncFd<SimSocket>, ConnectFailed> {
    const where = `connect(${String(host)}, ${String(port)})`
    if (typeof host !== "string" || host === "")
      throw new InvalidArgument(
        where,
        `host must be a non-empty string, got ${describeArgument(host)}`,
        "pass the name of a simulated host",
      )
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new InvalidArgument(
        where,
        `port must be a whole number from 1 to 65535, got ${describeArgument(port)}`,
        "pass the server's port",
      )
    const target = `${host}:${port}`
    return fromCallback<AsyncFd<SimSocket>, ConnectFailed>(
      (resolve, reject) => {
        const clock = this.#hooks.clock
        const started = clock.now()
        const local = `${from}:${this.#ephemeral(from)}`
        this.#hooks.record(`connect ${local} -> ${target}`)
        let entry: TimerEntry | undefined
        let fd: AsyncFd<SimSocket> | undefined
        let handed = false
        const at = (t: number, f: () => void): void => {
          entry = clock.schedule(t, { wake: f })
        }
        const timedOut = (): void =>
          at(started + this.connectTimeout, () => {
            this.#hooks.record(`connect ${local} -> ${target} timed out`)
            reject(new ConnectFailed(target, "ETIMEDOUT"))
          })
        const reachable = (): boolean => this.#hooks.isUp(host) && !this.partitioned(from, host)
        if (!reachable()) timedOut()
        else
          at(clock.now() + this.#delay(from, host), () => {
            if (!reachable()) return timedOut()
            const l = this.#listeners.get(target)
            if (l === undefined) {
              return at(clock.now() + this.#delay(host, from), () => {
                this.#hooks.record(`connect ${local} -> ${target} refused`)
                reject(new ConnectFailed(target, "ECONNREFUSED"))
              })
            }
            const c = new SimConnection(
              this.#nextConn++,
              this,
              from,
              host,
              `tcp ${local}->${target}`,
              `tcp ${target}<-${local}`,
            )
            this.#conns.add(c)
            this.#hooks.record(`accept ${c.name} on ${target}`)
            l.push(new AsyncFd(c.ends[1]))
            fd = new AsyncFd(c.ends[0])
            const mine = fd
            at(clock.now() + this.#delay(host, from), () => {
              this.#hooks.record(`connected ${c.name}`)
              handed = true
              resolve(mine)
            })
          })
        return () => {
          entry?.cancel()
          // cancelled between the server's accept and our SYN-ACK: the server sees a close
          if (fd !== undefined && !handed) fd.close()
        }
      },
      { label: where, dispose: (fd) => fd.close() },
    )
  }

  /** `listen` as seen from `host`. @internal */
  listen(
    host: string,
    port: number | { port: number; host?: string },
    handler?: (fd: AsyncFd<SimSocket>) => Future<unknown, unknown>,
  ): Pollable<SimListener, ListenFailed> {
    const p = typeof port === "object" && port !== null ? port.port : port
    if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 65535)
      throw new InvalidArgument(
        `listen(${String(p)})`,
        `port must be a whole number from 0 to 65535, got ${describeArgument(p)}`,
        "pass 0 for a free port, or the port to bind",
      )
    if (handler !== undefined && typeof handler !== "function")
      throw new InvalidArgument(
        `listen(${p}, handler)`,
        `expected a function, got ${describeArgument(handler)}`,
        "pass (fd) => future run per connection, or leave the handler out",
      )
    const net = this
    return new (class extends FutureBase<SimListener, ListenFailed> {
      get label(): string {
        return `listen(${host}:${p})`
      }
      protected step(cx: Context): Poll<SimListener> {
        const bound = p === 0 ? net.#ephemeral(host) : p
        const key = `${host}:${bound}`
        if (net.#listeners.has(key)) throw new ListenFailed(key, "EADDRINUSE")
        const l = new SimListener(net, host, bound)
        net.#listeners.set(key, l)
        net.#hooks.record(`listen ${key}`)
        if (handler !== undefined) {
          const sp = cx.spawner
          if (sp === undefined)
            throw new InvalidArgument(
              `listen(${key}, handler)`,
              "no spawner in the context",
              "run it inside a simulated host",
            )
          sp.spawn(serve(sp, l, handler))
        }
        return l
      }
      protected onCancel(): void {}
    })()
  }
}

/**
 * One connection's handler task: polls `handler(fd)` and closes the fd when it ends, fails
 * (the error goes to the fault reporter) or is cancelled — synchronously, so the close
 * happens at the same point of the simulation on every executor.
 */
class ServeOne implements Future<void, never> {
  #inner: Future<unknown, unknown> | undefined
  constructor(
    readonly fd: AsyncFd<SimSocket>,
    readonly make: () => Future<unknown, unknown>,
    readonly origin: string,
  ) {}
  poll(cx: Context): Poll<void> {
    try {
      this.#inner ??= this.make()
      if (this.#inner.poll(cx) === Pending) return Pending
    } catch (e) {
      if (!(e instanceof Interrupted)) reportFault(e, `${this.origin} (${this.fd.label})`)
    }
    this.fd.close()
    return undefined
  }
  cancel(): void {
    const f = this.#inner
    this.#inner = undefined
    try {
      f?.cancel()
    } catch (e) {
      reportFault(e, `${this.origin} (${this.fd.label}) cancel`)
    }
    this.fd.close()
  }
}

/** The accept loop of `listen(port, handler)`: each connection runs `handler(fd)` as its own task. */
function serve(
  sp: Spawner,
  l: SimListener,
  handler: (fd: AsyncFd<SimSocket>) => Future<unknown, unknown>,
): Future<void, never> {
  const loop = l.incoming()
  const origin = `listen(${l.host}:${l.port}) handler`
  return {
    poll(cx: Context) {
      for (;;) {
        const r = loop.pollNext(cx)
        if (r === Pending) return Pending
        if (r === Done) return undefined
        sp.spawn(new ServeOne(r, () => handler(r), origin))
      }
    },
    cancel: () => loop.cancel(),
  }
}
