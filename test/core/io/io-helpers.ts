// Shared pieces of the byte-stream layer tests: in-memory fds, a reader that lends one
// reused buffer (and poisons it on every read, so a caller that keeps a lent view sees
// garbage), and byte helpers.
import { AsyncFd, Pending, type AsyncRead, type Context, type Poll, type Waker } from "@pollable/core"
import { memoryPair, type MemoryPairOptions } from "@pollable/core/testing"

export { pattern, same } from "../../support/bytes.js"

export const enc = (s: string) => new TextEncoder().encode(s)
export const dec = (b: Uint8Array) => new TextDecoder().decode(b)

export function fds(opts: MemoryPairOptions = {}) {
  const [a, b] = memoryPair(opts)
  return { a, b, fa: new AsyncFd(a), fb: new AsyncFd(b) }
}

/**
 * An AsyncRead fed by the test (`push`, `end`) that lends views of ONE reused buffer of
 * `size` bytes, at most `chunk` bytes per read. Each read first fills the buffer with 0xEE.
 */
export class LentReader implements AsyncRead {
  readonly buffer: Uint8Array
  #queue: number[] = []
  #eof = false
  #waker: Waker | undefined
  lentReads = 0
  copyReads = 0
  constructor(
    size = 64,
    readonly chunk = 64,
  ) {
    this.buffer = new Uint8Array(size)
  }
  get label(): string {
    return "lent reader"
  }
  push(bytes: Uint8Array): void {
    for (const b of bytes) this.#queue.push(b)
    this.#waker?.wake()
  }
  end(): void {
    this.#eof = true
    this.#waker?.wake()
  }
  pollReadLent(cx: Context): Poll<Uint8Array> {
    this.buffer.fill(0xee)
    if (this.#queue.length === 0) {
      if (this.#eof) return new Uint8Array(0)
      this.#waker = cx.waker
      return Pending
    }
    const n = Math.min(this.chunk, this.buffer.length, this.#queue.length)
    for (let i = 0; i < n; i++) this.buffer[i] = this.#queue.shift()!
    this.lentReads++
    return this.buffer.subarray(0, n)
  }
  pollRead(cx: Context, buf: Uint8Array): Poll<number> {
    if (this.#queue.length === 0) {
      if (this.#eof) return 0
      this.#waker = cx.waker
      return Pending
    }
    const n = Math.min(buf.length, this.chunk, this.#queue.length)
    for (let i = 0; i < n; i++) buf[i] = this.#queue.shift()!
    this.copyReads++
    return n
  }
}
