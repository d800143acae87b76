import type { Duplex, Readable, Writable } from "node:stream"
import {
  BrokenPipe,
  ConnectionReset,
  Eof,
  toBytes,
  WouldBlock,
  type BytesLike,
  type IoSource,
  type Unregister,
} from "@pollable/core"
import { ReadinessSlot } from "@pollable/core/adapter"
import { NodeIoError } from "./errors.js"
import { OwnListeners } from "./own-listeners.js"

const noop: Unregister = () => {}

/** Map a Node error to pollable's named IO errors. @internal */
export function mapIoError(label: string, e: unknown): Error {
  const code = (e as { code?: string } | undefined)?.code
  if (code === "ECONNRESET") return new ConnectionReset(label, e)
  if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED") return new BrokenPipe(label, e, "peer")
  if (code === "ERR_STREAM_WRITE_AFTER_END") return new BrokenPipe(label, e, "shutdown")
  return new NodeIoError(label, code, e)
}

/**
 * The write half both sources share: a stored stream error is thrown (mapped), a side we
 * ended with `shutdown()` is `BrokenPipe` blaming this side, a destroyed one (the peer
 * closed it) `BrokenPipe` blaming the peer, a side waiting for `'drain'` is `WouldBlock`,
 * otherwise the whole buffer goes to `write()`. @internal
 */
export function writeAll(w: Writable | undefined, label: string, error: unknown, data: BytesLike): number | WouldBlock {
  const bytes = data instanceof Uint8Array ? data : toBytes(`tryWrite(${label}, bytes)`, data)
  if (error !== undefined) throw mapIoError(label, error)
  if (w === undefined) throw new BrokenPipe(label, undefined, "read-only")
  if (w.writableEnded) throw new BrokenPipe(label, undefined, "shutdown")
  if (w.destroyed) throw new BrokenPipe(label, undefined, "peer")
  if (bytes.length === 0) return 0
  if (w.writableNeedDrain) return WouldBlock
  w.write(bytes)
  return bytes.length
}

/**
 * Whether a write can be tried now: there is no stream, it has room (no `'drain'` pending),
 * it is destroyed, or it already failed (the write then reports the error). @internal
 */
export function writeReadyNow(w: Writable | undefined, error: unknown): boolean {
  return w === undefined || !w.writableNeedDrain || w.destroyed || error !== undefined
}

/**
 * Let a duplex stream (a socket) stay writable after its peer's EOF. Node ends a socket's
 * write side as soon as its read side ends unless `allowHalfOpen` is set; an fd decides
 * its own half-close with `shutdown()`. Read when `'end'` arrives, so setting it on a
 * socket created by someone else works too. @internal
 */
export function keepHalfOpen(s: Readable | Writable | undefined): void {
  if (s !== undefined && "allowHalfOpen" in s) (s as Duplex).allowHalfOpen = true
}

/**
 * An {@link IoSource} over Node streams in paused mode: a `net.Socket` (TCP or Unix
 * domain), a `child_process` stdio pipe, a TTY (`process.stdin` when it is a TTY).
 *
 * @remarks
 * - Read side: readable ⇔ the `'readable'` event (or `'end'`, `'error'`, `'close'`);
 *   `read()` returning `null` ⇔ `WouldBlock`; `'end'` ⇔ `Eof`. No `'data'` listener is
 *   attached, so the stream stays paused and Node stops reading at its high-water mark
 *   (backpressure to the peer).
 * - Write side: `tryWrite` hands the whole buffer to `write()` and returns its length;
 *   once `write()` returned `false` the next `tryWrite` is `WouldBlock` until `'drain'`.
 *   At most one high-water mark plus one buffer is queued in memory.
 * - Half-close works both ways: `shutdown()` ends the write side while reads go on, and
 *   after the peer's EOF writes still go through (a duplex stream is switched to
 *   `allowHalfOpen`).
 * - Errors: `ECONNRESET` → `ConnectionReset`, `EPIPE` → `BrokenPipe` (by the peer), a
 *   write after `shutdown()` → `BrokenPipe` (by this side),
 *   others → `NodeIoError`; an error wakes both directions (never a hang). An `'error'`
 *   listener is always attached, so a socket error never crashes the process.
 */
export class StreamSource implements IoSource {
  readonly label: string
  readonly readable: Readable | undefined
  readonly writable: Writable | undefined
  readonly #read = new ReadinessSlot()
  readonly #write = new ReadinessSlot()
  #ended = false
  #error: unknown
  #closed = false
  /** Every listener this source added, so `close()` can take them all off again. */
  readonly #own = new OwnListeners()
  /** The streams that already emitted `'close'` (nothing more can come from them). */
  readonly #finished = new Set<Readable | Writable>()

  constructor(options: { readable?: Readable | undefined; writable?: Writable | undefined; label: string }) {
    this.label = options.label
    const r = (this.readable = options.readable)
    const w = (this.writable = options.writable)
    if (r !== undefined && r === (w as unknown)) keepHalfOpen(r)
    const onError = (e: unknown) => {
      this.#error ??= e
      this.#fireBoth()
    }
    const onCloseOf = (s: Readable | Writable) => () => {
      this.#finished.add(s)
      if (this.#closed) this.#own.detach(s)
      else this.#fireBoth()
    }
    if (r !== undefined) {
      this.#own.on(r, "readable", this.#read.fire)
      this.#own.on(r, "end", () => {
        this.#ended = true
        this.#read.fire()
      })
      this.#own.on(r, "error", onError)
      this.#own.on(r, "close", onCloseOf(r))
    }
    if (w !== undefined && w !== (r as unknown)) {
      this.#own.on(w, "error", onError)
      this.#own.on(w, "close", onCloseOf(w))
    }
    if (w !== undefined) this.#own.on(w, "drain", this.#write.fire)
  }

  #fireBoth(): void {
    this.#read.fire()
    this.#write.fire()
  }

  tryRead(): Uint8Array | WouldBlock | Eof {
    const r = this.readable
    if (r === undefined) return Eof
    const chunk = r.read() as Uint8Array | null
    if (chunk !== null) return chunk
    if (this.#error !== undefined) throw mapIoError(this.label, this.#error)
    if (this.#ended || r.readableEnded) return Eof
    if (r.destroyed) return Eof // closed without 'end' (destroyed locally or by the peer)
    return WouldBlock
  }

  /** @throws InvalidArgument for anything that is not bytes (see `toBytes`). */
  tryWrite(bytes: BytesLike): number | WouldBlock {
    return writeAll(this.writable, this.label, this.#error, bytes)
  }

  onReadable(ready: () => void): Unregister {
    const r = this.readable
    if (
      r === undefined ||
      r.readableLength > 0 ||
      this.#ended ||
      r.readableEnded ||
      r.destroyed ||
      this.#error !== undefined
    ) {
      ready()
      return noop
    }
    return this.#read.arm(ready)
  }

  onWritable(ready: () => void): Unregister {
    if (writeReadyNow(this.writable, this.#error)) {
      ready()
      return noop
    }
    return this.#write.arm(ready)
  }

  /** Half-close: `end()` the writable side; the peer reads EOF after the queued data. */
  shutdown(): void {
    this.writable?.end()
  }

  /**
   * Destroy the streams and remove every listener this source added. A stream that has not
   * emitted `'close'` yet keeps this source's `'error'` and `'close'` listeners until it
   * does (a late error from its teardown is swallowed, not thrown); nothing else stays.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    const r = this.readable
    const w = this.writable
    r?.destroy()
    if (w !== (r as unknown)) w?.destroy()
    this.#fireBoth()
    for (const s of w === (r as unknown) ? [r] : [r, w])
      if (s !== undefined) this.#own.detach(s, !this.#finished.has(s))
  }
}
