import type { Pollable } from "../contracts/future.js"
import { disposeSymbol } from "../internal/dispose.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Timer, TimerEntry } from "../contracts/waker.js"
import { InvalidArgument, MissingCapability } from "../errors.js"
import { checkDuration, checkMethods, describeArgument } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { AsyncFd, type ReadyGuard } from "./async-fd.js"
import { BrokenPipe, type FdBusy, type FdClosed } from "./errors.js"
import { WouldBlock, type IoSource, type Unregister } from "./source.js"

/** Options of {@link TimerFd}. */
export interface TimerFdOptions {
  /** First expiration, in ms from creation. */
  readonly initialMs: number
  /** Then every `intervalMs` ms (periodic); omitted or 0 = one-shot. */
  readonly intervalMs?: number
}

/**
 * Linux's `timerfd` (as in the Rust example of a timerfd read through tokio's `AsyncFd`) as an {@link IoSource}:
 * it becomes **readable** when the timer expires, and a read returns the number of
 * expirations since the last read as 8 little-endian bytes (a u64, like `read(2)` on a
 * timerfd), or `WouldBlock` before the next expiration.
 *
 * @remarks
 * Node has no timerfd, and core touches no host API, so this models one over the
 * executor's `Timer` capability: readiness registration schedules a timer entry for the
 * next deadline whose "waker" is the readiness callback. That keeps that example's point —
 * the timer is consumed through readiness, by an `AsyncFd`, on any executor — and it runs
 * on virtual time (`VirtualClock`, RxJS `TestScheduler`, Effect `TestClock`) too.
 * Writes fail with `BrokenPipe` (a timerfd is read-only).
 */
export class TimerFd implements IoSource {
  readonly label: string
  readonly #timer: Timer
  readonly #interval: number
  #next: number
  #entry: TimerEntry | undefined
  #closed = false

  constructor(timer: Timer, options: TimerFdOptions) {
    checkMethods(
      "new TimerFd(timer, options)",
      timer,
      "a Timer",
      ["now", "schedule"],
      "pass the executor's timer (executor.timer) or a VirtualClock",
    )
    if (typeof options !== "object" || options === null) {
      throw new InvalidArgument(
        "new TimerFd(timer, options)",
        `options must be an object { initialMs, intervalMs? }, got ${describeArgument(options)}`,
        "pass e.g. { initialMs: 100 }",
      )
    }
    this.#timer = timer
    const initial = checkDuration("TimerFd(initialMs)", options.initialMs)
    this.#interval = checkDuration("TimerFd(intervalMs)", options.intervalMs ?? 0)
    this.#next = timer.now() + initial
    this.label = `timerfd(${initial}${this.#interval > 0 ? `, every ${this.#interval}` : ""} ms)`
  }

  tryRead(): Uint8Array | WouldBlock {
    const now = this.#timer.now()
    if (this.#closed || now < this.#next) return WouldBlock
    let n = 1
    if (this.#interval > 0) {
      n += Math.floor((now - this.#next) / this.#interval)
      this.#next += n * this.#interval
    } else this.#next = Infinity // one-shot: expired once, never again
    const out = new Uint8Array(8)
    new DataView(out.buffer).setBigUint64(0, BigInt(n), true)
    return out
  }

  tryWrite(): never {
    throw new BrokenPipe(this.label, undefined, "read-only")
  }

  onReadable(ready: () => void): Unregister {
    if (this.#closed || this.#timer.now() >= this.#next) {
      ready()
      return () => {}
    }
    if (this.#next === Infinity) return () => {} // a spent one-shot timer never becomes readable again
    this.#entry?.cancel()
    const entry = (this.#entry = this.#timer.schedule(this.#next, { wake: ready }))
    return () => {
      entry.cancel()
      if (this.#entry === entry) this.#entry = undefined
    }
  }

  onWritable(ready: () => void): Unregister {
    ready() // writes fail at once, never block
    return () => {}
  }

  close(): void {
    this.#closed = true
    this.#entry?.cancel()
    this.#entry = undefined
  }

  /** {@link close}, for `using`. */
  [disposeSymbol](): void {
    this.close()
  }
}

/** The expiration count in a {@link TimerFd} read. */
export const expirations = (bytes: Uint8Array): number =>
  Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true))

class TimerFdSleep extends FutureBase<void, never> {
  #fd: AsyncFd<TimerFd> | undefined
  #ready: Pollable<ReadyGuard<TimerFd>, FdClosed | FdBusy> | undefined
  constructor(readonly ms: number) {
    super()
  }
  get label(): string {
    return `timerFdSleep(${this.ms})`
  }
  protected step(cx: Context): Poll<void> {
    if (this.#fd === undefined) {
      if (cx.timer === undefined) throw new MissingCapability("timer", this.label)
      this.#fd = new AsyncFd(new TimerFd(cx.timer, { initialMs: this.ms }))
    }
    const fd = this.#fd
    for (;;) {
      const ready = (this.#ready ??= fd.readable())
      const g = ready.poll(cx)
      if (g === Pending) return Pending
      this.#ready = undefined
      if (g.tryIo((s) => s.tryRead()) !== WouldBlock) {
        fd.close()
        this.#fd = undefined
        return undefined
      }
    }
  }
  protected onCancel(): void {
    this.#ready?.cancel() // forget our waker first, so close() wakes nobody
    this.#ready = undefined
    this.#fd?.close()
    this.#fd = undefined
  }
}

/**
 * A sleep over a timerfd, as in the Rust timerfd example: create a {@link TimerFd}, wrap it in an
 * {@link AsyncFd} and wait until it is readable. Runs on any executor with a timer.
 * @remarks Cancel safety: safe; cancelling closes the timer (its entry is removed).
 * @throws MissingCapability when the executor supplies no timer; InvalidArgument for a bad duration.
 */
export function timerFdSleep(ms: number): Pollable<void, never> {
  if (typeof ms !== "number")
    throw new InvalidArgument("timerFdSleep(ms)", `expected a number, got ${typeof ms}`, "pass milliseconds")
  checkDuration("timerFdSleep(ms)", ms)
  return new TimerFdSleep(ms)
}
