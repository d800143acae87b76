import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Timer, TimerEntry, Waker } from "../contracts/waker.js"
import { MissingCapability, checkDuration } from "../errors.js"
import { FutureBase } from "../future-base.js"

/** @internal A deadline on the executor's timer, registered with the latest waker only. */
export class Deadline {
  #deadline = Number.NaN
  #timer: Timer | undefined
  #entry: TimerEntry | undefined
  #waker: Waker | undefined
  constructor(readonly ms: number) {}

  /** True once the deadline passed; otherwise registers `cx.waker` (rule 1) and returns false. */
  reached(cx: Context, who: string): boolean {
    let timer = this.#timer
    if (timer === undefined) {
      timer = cx.timer
      if (timer === undefined) throw new MissingCapability("timer", who)
      this.#timer = timer
      this.#deadline = timer.now() + this.ms
    }
    if (timer.now() >= this.#deadline) {
      this.clear()
      return true
    }
    if (this.#entry === undefined || this.#waker !== cx.waker) {
      this.#entry?.cancel()
      this.#waker = cx.waker
      this.#entry = timer.schedule(this.#deadline, cx.waker)
    }
    return false
  }

  /** True when the deadline was set (a first `reached`) and has passed; registers nothing. */
  passed(): boolean {
    const timer = this.#timer
    return timer !== undefined && timer.now() >= this.#deadline
  }

  /** Remove the timer registration (rule 4). */
  clear(): void {
    this.#entry?.cancel()
    this.#entry = undefined
    this.#waker = undefined
  }
}

class Sleep extends FutureBase<void, never> {
  readonly #d: Deadline
  constructor(readonly ms: number) {
    super()
    this.#d = new Deadline(ms)
  }
  get label(): string {
    return `sleep(${this.ms})`
  }
  protected step(cx: Context): Poll<void> {
    return this.#d.reached(cx, this.label) ? undefined : Pending
  }
  protected onCancel(): void {
    this.#d.clear()
  }
}

/**
 * Complete `ms` milliseconds after the first poll, on the executor's clock (`cx.timer`):
 * real time on NativeExecutor, virtual time under VirtualClock, TestScheduler or TestClock.
 * `sleep(0)` completes at its first poll without registering a timer entry (it still reads
 * `cx.timer`, so it needs one).
 *
 * @throws InvalidArgument for a negative, NaN or infinite `ms` (at call time).
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling removes the timer entry. Only the latest waker is
 * registered (rule 1): re-polling with another waker moves the entry.
 * @example
 * ```ts
 * gen(function* () { yield* sleep(100 * 2 ** attempt) })   // backoff on the executor's clock
 * ```
 */
export const sleep = (ms: number): FutureBase<void, never> => new Sleep(checkDuration("sleep(ms)", ms))
