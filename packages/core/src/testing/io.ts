import { BrokenPipe, ConnectionReset } from "../io/errors.js"
import { checkOptions } from "../internal/check.js"
import { Eof, WouldBlock, type IoSource, type Unregister } from "../io/source.js"

/** Options of {@link memoryPair}. */
export interface MemoryPairOptions {
  /** Most bytes one `tryRead` returns (chunking). Default: everything buffered. */
  readonly readChunk?: number
  /** Most bytes one `tryWrite` accepts (forces partial writes). Default: unlimited. */
  readonly writeChunk?: number
  /** Bytes buffered per direction; a full buffer makes `tryWrite` return `WouldBlock`. Default 64 KiB. */
  readonly capacity?: number
  /**
   * Storms: called before each `tryRead`/`tryWrite`; returning true injects a spurious
   * `WouldBlock` even though the operation could progress. The source then re-notifies
   * readiness on the next registration, as a real edge-triggered source would.
   */
  readonly storm?: (op: "read" | "write") => boolean
}

const noop: Unregister = () => {}

/** One direction of a memory pair. */
class Pipe {
  chunks: Uint8Array[] = []
  head = 0
  size = 0
  eof = false
  readerGone = false
  reset = false
  readCb: (() => void) | undefined
  writeCb: (() => void) | undefined
  /** High-water mark of `size`, to test that memory stays bounded. */
  maxSize = 0
  fireRead(): void {
    const cb = this.readCb
    this.readCb = undefined
    cb?.()
  }
  fireWrite(): void {
    const cb = this.writeCb
    this.writeCb = undefined
    cb?.()
  }
}

/**
 * One end of an in-memory duplex byte pipe; an {@link IoSource} with configurable
 * chunking, bounded buffers and `WouldBlock` storms. Create pairs with {@link memoryPair}.
 */
export class MemorySource implements IoSource {
  /** Spurious `WouldBlock`s injected so far. */
  storms = 0
  #closed = false
  #shut = false
  /** @internal */
  constructor(
    readonly label: string,
    readonly inbound: Pipe,
    readonly outbound: Pipe,
    readonly options: MemoryPairOptions,
  ) {}

  /** Bytes written by this end that the peer has not read yet. */
  get buffered(): number {
    return this.outbound.size
  }
  /** The most bytes ever buffered towards the peer. */
  get maxBuffered(): number {
    return this.outbound.maxSize
  }

  #readable(): boolean {
    const p = this.inbound
    return p.size > 0 || p.eof || p.reset || this.#closed
  }
  #writable(): boolean {
    const p = this.outbound
    return p.size < (this.options.capacity ?? 65536) || p.readerGone || p.reset || this.#shut || this.#closed
  }

  tryRead(): Uint8Array | WouldBlock | Eof {
    const p = this.inbound
    if (p.reset) throw new ConnectionReset(this.label)
    if (this.#closed) return Eof
    if (this.options.storm?.("read") === true) {
      this.storms++
      return WouldBlock
    }
    if (p.size === 0) return p.eof ? Eof : WouldBlock
    const max = this.options.readChunk ?? Infinity
    const first = p.chunks[p.head]!
    let out: Uint8Array
    if (first.length <= max && (p.head + 1 === p.chunks.length || first.length === max)) {
      out = first
      p.head++
    } else if (first.length > max) {
      out = first.subarray(0, max)
      p.chunks[p.head] = first.subarray(max)
    } else {
      const n = Math.min(max, p.size)
      out = new Uint8Array(n)
      let o = 0
      while (o < n) {
        const c = p.chunks[p.head]!
        const take = Math.min(c.length, n - o)
        out.set(take === c.length ? c : c.subarray(0, take), o)
        o += take
        if (take === c.length) p.head++
        else p.chunks[p.head] = c.subarray(take)
      }
    }
    p.size -= out.length
    if (p.head > 64 && p.head * 2 > p.chunks.length) {
      p.chunks = p.chunks.slice(p.head)
      p.head = 0
    }
    p.fireWrite() // the peer may write again
    return out
  }

  tryWrite(bytes: Uint8Array): number | WouldBlock {
    const p = this.outbound
    if (p.reset) throw new ConnectionReset(this.label)
    if (this.#shut || this.#closed) throw new BrokenPipe(this.label, undefined, "shutdown")
    if (p.readerGone) throw new BrokenPipe(this.label, undefined, "peer")
    if (bytes.length === 0) return 0
    if (this.options.storm?.("write") === true) {
      this.storms++
      return WouldBlock
    }
    const free = (this.options.capacity ?? 65536) - p.size
    if (free <= 0) return WouldBlock
    const n = Math.min(free, bytes.length, this.options.writeChunk ?? Infinity)
    p.chunks.push(bytes.slice(0, n)) // copy: the caller may reuse its buffer
    p.size += n
    if (p.size > p.maxSize) p.maxSize = p.size
    p.fireRead()
    return n
  }

  onReadable(ready: () => void): Unregister {
    if (this.#readable()) {
      ready()
      return noop
    }
    const p = this.inbound
    p.readCb = ready
    return () => {
      if (p.readCb === ready) p.readCb = undefined
    }
  }

  onWritable(ready: () => void): Unregister {
    if (this.#writable()) {
      ready()
      return noop
    }
    const p = this.outbound
    p.writeCb = ready
    return () => {
      if (p.writeCb === ready) p.writeCb = undefined
    }
  }

  /** Half-close: the peer reads what was written, then EOF. Further writes throw `BrokenPipe`. */
  shutdown(): void {
    if (this.#shut) return
    this.#shut = true
    this.outbound.eof = true
    this.outbound.fireRead()
  }

  /** Close this end: the peer reads EOF, and its writes throw `BrokenPipe`. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.outbound.eof = true
    this.inbound.readerGone = true
    this.inbound.chunks = []
    this.inbound.size = 0
    this.outbound.fireRead()
    this.inbound.fireWrite()
    this.inbound.fireRead()
    this.outbound.fireWrite()
  }

  /** Simulate a peer reset (TCP RST): both ends' reads and writes throw `ConnectionReset`. */
  reset(): void {
    for (const p of [this.inbound, this.outbound]) {
      p.reset = true
      p.chunks = []
      p.size = 0
      p.fireRead()
      p.fireWrite()
    }
  }
}

/**
 * An in-memory duplex connection: two {@link MemorySource} ends; what one writes the other
 * reads. Bounded (backpressure), chunked and stormy on request. Synchronous and
 * deterministic, so it runs under `ManualExecutor` and schedule exploration.
 *
 * @example
 * ```ts
 * const [a, b] = memoryPair({ readChunk: 3, storm: () => Math.random() < 0.2 })
 * const fa = new AsyncFd(a), fb = new AsyncFd(b)
 * ```
 */
export function memoryPair(options: MemoryPairOptions = {}): [MemorySource, MemorySource] {
  checkOptions("memoryPair(options)", options)
  const ab = new Pipe()
  const ba = new Pipe()
  return [new MemorySource("memory a", ba, ab, options), new MemorySource("memory b", ab, ba, options)]
}
