import { Pending, type Poll } from "../contracts/poll.js"
import { Done } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkOptions } from "../internal/check.js"
import { checkFd } from "./helpers.js"
import { StreamBase } from "../stream/stream-base.js"
import { pollChunk, type AsyncFd } from "./async-fd.js"
import { LineTooLong } from "./errors.js"
import type { IoSource } from "./source.js"

const LF = 10
const CR = 13
let decoder: TextDecoder | undefined
const decode = (b: Uint8Array): string => (decoder ??= new TextDecoder("utf-8")).decode(b)

/** A stream of the lines of an {@link AsyncFd}. @internal */
class Lines<S extends IoSource> extends StreamBase<string, Error> {
  #acc: Uint8Array[] = []
  #accLen = 0
  #eof = false
  /** The waker of the pending poll that holds the read direction (a `next()`'s relay). */
  #waker: Waker | undefined
  constructor(
    readonly fd: AsyncFd<S>,
    readonly maxLength: number,
  ) {
    super()
  }
  get label(): string {
    return `lines(${this.fd.label})`
  }
  protected step(cx: Context): Poll<string | typeof Done> {
    if (this.#eof) return Done
    const fd = this.fd
    fd.claim("read", this)
    try {
      for (;;) {
        const chunk = pollChunk(fd, cx)
        if (chunk === Pending) {
          this.#waker = cx.waker
          return Pending // keep the read direction and the partial line
        }
        if (chunk.length === 0) {
          fd.release("read", this, false)
          if (this.#accLen === 0) return Done
          this.#eof = true
          return this.#take(undefined, 0)
        }
        const i = chunk.indexOf(LF)
        if (i < 0) {
          this.#acc.push(chunk)
          this.#accLen += chunk.length
          if (this.#accLen > this.maxLength) throw new LineTooLong(fd.label, this.maxLength)
          continue
        }
        if (this.#accLen + i > this.maxLength) throw new LineTooLong(fd.label, this.maxLength)
        if (i + 1 < chunk.length) fd.unread(chunk.subarray(i + 1))
        fd.release("read", this, false)
        return this.#take(chunk, i)
      }
    } catch (e) {
      fd.release("read", this, false)
      throw e
    }
  }
  /** The accumulated bytes plus `last[0, end)`, decoded, without the trailing CR. */
  #take(last: Uint8Array | undefined, end: number): string {
    let bytes: Uint8Array
    if (this.#accLen === 0) bytes = last!.subarray(0, end)
    else {
      bytes = new Uint8Array(this.#accLen + end)
      let o = 0
      for (const a of this.#acc) {
        bytes.set(a, o)
        o += a.length
      }
      if (last !== undefined) bytes.set(last.subarray(0, end), o)
      this.#acc = []
      this.#accLen = 0
    }
    const n = bytes.length
    return decode(n > 0 && bytes[n - 1] === CR ? bytes.subarray(0, n - 1) : bytes)
  }
  /**
   * A cancelled `next()` (a timeout, a lost select): give the partial line back and release
   * the read direction, as cancel does, but keep the stream usable (its next poll claims
   * again and re-reads the bytes). Without it, the throwaway `lines(fd)` of
   * `timeout(lines(fd).next(), ms)` kept `fd` — e.g. the process-wide `stdin()` — busy forever.
   */
  protected override onDropWaker(waker: Waker): void {
    if (this.#waker !== waker) return
    this.#waker = undefined
    this.#giveBack()
  }
  protected onCancel(): void {
    this.#waker = undefined
    this.#giveBack()
  }
  #giveBack(): void {
    const fd = this.fd
    // Give the partial line back, so nothing read is lost.
    for (let k = this.#acc.length - 1; k >= 0; k--) fd.unread(this.#acc[k]!)
    this.#acc = []
    this.#accLen = 0
    fd.release("read", this, true)
  }
}

/**
 * The lines of `fd` as a stream (UTF-8, split on `\n`, a trailing `\r` removed). A last
 * line without a terminator is yielded at EOF, then `Done`.
 *
 * The stream holds `fd`'s read direction only while waiting for a line; bytes after a line
 * stay in `fd`'s read buffer. So `yield* lines(fd).next()` can be called repeatedly with a
 * fresh stream each time, and mixed with `fd.readExact(n)` for length-prefixed payloads.
 *
 * @example
 * ```ts
 * const reply = yield* lines(fd).next()   // "+PONG", or Done at EOF
 * ```
 * @remarks Cancel safety: safe; a cancelled stream pushes its partial line back into `fd`.
 * Cancelling only a pending `next()` future keeps the stream but releases the read
 * direction (the partial line goes back into `fd`): poll the same stream again, or start a
 * fresh `lines(fd)` — nothing is lost either way.
 * `maxLength` (bytes, default 1 MiB) bounds the memory a peer can make a line take: a
 * longer line fails the stream with `LineTooLong` instead of growing without limit.
 * @throws FdBusy when another reader holds `fd`; FdClosed; LineTooLong; the source's errors.
 * @throws InvalidArgument (at call time) when `fd` is not an AsyncFd or `maxLength` is not a positive whole number.
 */
export const lines = <S extends IoSource>(
  fd: AsyncFd<S>,
  options: { readonly maxLength?: number } = {},
): StreamBase<string, Error> => {
  checkFd("lines(fd)", fd)
  return new Lines(fd, checkLength(checkOptions("lines(fd, options)", options).maxLength ?? 1024 * 1024))
}

const checkLength = (n: number): number => {
  if (!(Number.isInteger(n) && n > 0)) {
    throw new InvalidArgument(
      "lines(fd, { maxLength })",
      `expected a positive whole number of bytes, got ${String(n)}`,
      "pass e.g. 65536, or omit it for 1 MiB",
    )
  }
  return n
}
