import type * as net from "node:net"
import { Eof, InvalidArgument, WouldBlock, type BytesLike, type IoSource, type Unregister } from "@pollable/core"
import { describeArgument, ReadinessSlot } from "@pollable/core/adapter"
import { checkCountOption } from "@pollable/core/adapter"
import { OwnListeners } from "./own-listeners.js"
import { keepHalfOpen, mapIoError, writeAll, writeReadyNow } from "./stream-source.js"

const noop: Unregister = () => {}

/** Options of {@link OnreadSource}. */
export interface OnreadOptions {
  /** Reused read buffers, a whole number from 2 to 1024. Default 4. */
  readonly buffers?: number
  /** Bytes per buffer (the most one read returns), a whole number from 1 to 1 GiB. Default 64 KiB. */
  readonly bufferSize?: number
}

const MAX_BUFFERS = 1024
const MAX_BUFFER_SIZE = 2 ** 30
const SHAPE = "{ buffers, bufferSize }"

/**
 * Check `OnreadOptions` as given by a JavaScript caller (wrong types, fractions, out of
 * range, misspelt keys) and return the pool size and buffer size to use.
 * @throws InvalidArgument naming the bad option and the values to pass.
 * @internal
 */
export function checkOnreadOptions(where: string, options: unknown): { buffers: number; bufferSize: number } {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidArgument(
      where,
      `onread options must be an object ${SHAPE}, got ${describeArgument(options)}`,
      `pass ${SHAPE} (both optional) or leave the options out`,
    )
  }
  for (const k of Object.keys(options)) {
    if (k !== "buffers" && k !== "bufferSize")
      throw new InvalidArgument(
        where,
        `unknown option ${JSON.stringify(k)}`,
        `the onread options are buffers, bufferSize`,
      )
  }
  const o = options as { buffers?: unknown; bufferSize?: unknown }
  return {
    buffers:
      checkCountOption(
        where,
        "buffers",
        o.buffers,
        2,
        MAX_BUFFERS,
        "one buffer is lent to the reader while the socket fills another",
      ) ?? 4,
    bufferSize:
      checkCountOption(
        where,
        "bufferSize",
        o.bufferSize,
        1,
        MAX_BUFFER_SIZE,
        "bytes per read; 64 KiB is the default",
      ) ?? 64 * 1024,
  }
}

/**
 * A TCP/Unix socket source on `net.Socket`'s `onread` option: the kernel reads into a
 * small pool of reused buffers, so reading allocates nothing per chunk.
 *
 * @remarks
 * - Create the socket with {@link OnreadSource.socketOptions} (done by
 *   `connect(host, port, { onread: true })`).
 * - `tryReadLent()` (used by `AsyncFd.readLent()`) returns a view into a pooled buffer,
 *   valid until the next read; `tryRead()` returns an owned copy (one allocation + copy).
 * - Backpressure: the pool is bounded. When every buffer holds unread data the socket is
 *   paused (`onread` callback returns `false`), and resumed when a buffer is released.
 * - Writes, EOF, half-close, errors: as {@link StreamSource} (`ConnectionReset`, `BrokenPipe`, ...).
 */
export class OnreadSource implements IoSource {
  label: string
  socket: net.Socket | undefined
  readonly #free: Uint8Array[] = []
  /** Filled views and, at the same index, the pooled buffer each one views. */
  readonly #filled: Uint8Array[] = []
  readonly #parents: Uint8Array[] = []
  #filledHead = 0
  /** The pooled buffer behind the view lent by the last read. */
  #lent: Uint8Array | undefined
  #next: Uint8Array | undefined
  #paused = false
  #ended = false
  #error: unknown
  // One registration per direction at a time (AsyncFd's contract), so each slot's preallocated `disarm` unregisters.
  readonly #read = new ReadinessSlot()
  readonly #write = new ReadinessSlot()
  readonly #own = new OwnListeners()
  #closed = false
  #socketClosed = false

  /** @throws InvalidArgument for a bad pool (see {@link OnreadOptions}). */
  constructor(label: string, options: OnreadOptions = {}) {
    this.label = label
    const { buffers, bufferSize } = checkOnreadOptions(`OnreadSource(${label})`, options)
    for (let i = 0; i < buffers; i++) this.#free.push(new Uint8Array(bufferSize))
  }

  /** The `onread` option to create the socket with. */
  socketOptions(): { buffer: () => Uint8Array; callback: (n: number, buf: Uint8Array) => boolean } {
    return {
      // Called for the first read buffer, then after every callback: always a free buffer.
      buffer: () => {
        const b = this.#next ?? this.#free.pop()!
        this.#next = undefined
        return b
      },
      callback: (n, buf) => {
        this.#filled.push(buf.subarray(0, n))
        this.#parents.push(buf)
        this.#next = this.#free.pop() // exists: we pause before the pool runs dry
        this.#read.fire()
        if (this.#free.length === 0) {
          this.#paused = true
          return false
        }
        return true
      },
    }
  }

  /** Attach the created socket (listeners for end, error, drain, close; `close()` removes them). */
  attach(socket: net.Socket): void {
    this.socket = socket
    keepHalfOpen(socket)
    const own = this.#own
    own.on(socket, "end", () => {
      this.#ended = true
      this.#read.fire()
    })
    own.on(socket, "error", (e: unknown) => {
      this.#error ??= e
      this.#read.fire()
      this.#write.fire()
    })
    own.on(socket, "close", () => {
      this.#socketClosed = true
      if (this.#closed) own.detach(socket)
      this.#read.fire()
      this.#write.fire()
    })
    own.on(socket, "drain", this.#write.fire)
  }

  #release(): void {
    const l = this.#lent
    if (l === undefined) return
    this.#lent = undefined
    this.#free.push(l)
    if (this.#paused) {
      this.#paused = false
      this.socket?.resume()
    }
  }

  tryReadLent(): Uint8Array | WouldBlock | Eof {
    this.#release()
    if (this.#filledHead < this.#filled.length) {
      const i = this.#filledHead++
      const v = this.#filled[i]!
      this.#lent = this.#parents[i]!
      if (this.#filledHead === this.#filled.length) {
        this.#filled.length = 0
        this.#parents.length = 0
        this.#filledHead = 0
      }
      return v
    }
    if (this.#error !== undefined) throw mapIoError(this.label, this.#error)
    if (this.#ended || this.socket === undefined || this.socket.destroyed) return Eof
    return WouldBlock
  }

  tryRead(): Uint8Array | WouldBlock | Eof {
    const r = this.tryReadLent()
    if (typeof r === "symbol") return r
    const copy = r.slice()
    this.#release()
    return copy
  }

  /** @throws InvalidArgument for anything that is not bytes (see `toBytes`). */
  tryWrite(bytes: BytesLike): number | WouldBlock {
    return writeAll(this.socket, this.label, this.#error, bytes)
  }

  onReadable(ready: () => void): Unregister {
    const s = this.socket
    if (
      this.#filledHead < this.#filled.length ||
      this.#ended ||
      this.#error !== undefined ||
      s === undefined ||
      s.destroyed
    ) {
      ready()
      return noop
    }
    this.#read.set(ready)
    return this.#read.disarm
  }

  onWritable(ready: () => void): Unregister {
    if (writeReadyNow(this.socket, this.#error)) {
      ready()
      return noop
    }
    this.#write.set(ready)
    return this.#write.disarm
  }

  shutdown(): void {
    this.socket?.end()
  }

  /**
   * Destroy the socket and remove every listener `attach` added. Until the socket emits
   * `'close'`, its `'error'` and `'close'` listeners stay (a late teardown error is
   * swallowed, not thrown); then they go too.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    const s = this.socket
    s?.destroy()
    this.#read.fire()
    this.#write.fire()
    if (s !== undefined) this.#own.detach(s, !this.#socketClosed)
  }
}
