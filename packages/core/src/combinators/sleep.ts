import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Timer, TimerEntry, Waker } from "../contracts/waker.js"
import { InvalidArgument, MissingCapability } from "../errors.js"
import { checkDuration } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { CANCELLED, COMPLETED, RUNNING } from "../internal/state.js"

/**
 * @internal A deadline on the executor's timer, registered with the latest waker only: `ms`
 * after the first `reached()` call, or at the absolute time `at` when one is given.
 */
export class Deadline {
  /**
   * A never-armed instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Deadline | null | undefined
  #deadline: number
  #start = Number.NaN
  #timer: Timer | undefined
  #entry: TimerEntry | undefined
  #waker: Waker | undefined
  constructor(
    readonly ms: number,
    at = Number.NaN,
  ) {
    this.#deadline = at
    // a fractional duration: `ms` holds fractions in some deadlines (see "Idle instances")
    if (Deadline.#idle === undefined) {
      Deadline.#idle = null
      Deadline.#idle = new Deadline(0.5)
    }
  }

  /** The absolute deadline on the executor's clock; NaN until a relative deadline is first polled. */
  get at(): number {
    return this.#deadline
  }

  /** The executor's time at the first `reached()`; NaN before. */
  get start(): number {
    return this.#start
  }

  /** True once the deadline passed; otherwise registers `cx.waker` (rule 1) and returns false. */
  reached(cx: Context, who: string): boolean {
    let timer = this.#timer
    if (timer === undefined) {
      timer = cx.timer
      if (timer === undefined) throw new MissingCapability("timer", who)
      this.#timer = timer
      this.#start = timer.now()
      if (Number.isNaN(this.#deadline)) this.#deadline = this.#start + this.ms
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

  /**
   * Move the deadline to `at`. A registered waker is woken (and its entry removed), so the
   * next poll registers at the new deadline — or finds it passed.
   */
  reset(at: number): void {
    this.#deadline = at
    const w = this.#waker
    if (w === undefined) return
    this.clear()
    w.wake()
  }

  /** How a snapshot shows this deadline: `timer at t=150 (sleep(100))`. */
  describe(label: string): string {
    const at = this.#deadline
    if (Number.isNaN(at)) return `timer, not armed yet (${label})`
    return `timer at t=${Number.isInteger(at) ? at : at.toFixed(1)} (${label})`
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

/**
 * The future `sleep` and `sleepUntil` return: it completes at its deadline on the executor's
 * clock, and its deadline can be moved with {@link Sleep.reset} (tokio's `Sleep::reset`).
 */
export class Sleep extends FutureBase<void, never> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Sleep | null | undefined
  readonly #d: Deadline
  readonly #label: string
  /** @internal use `sleep(ms)` or `sleepUntil(deadline)` */
  constructor(d: Deadline, label: string) {
    super()
    this.#d = d
    this.#label = label
    if (Sleep.#idle === undefined) {
      Sleep.#idle = null
      Sleep.#idle = new Sleep(new Deadline(0.5), "sleep(0.5)")
    }
  }
  get label(): string {
    return this.#label
  }
  /** Its deadline (see `DescribesWait`). */
  describeWait(): string {
    return this.#d.describe(this.#label)
  }
  /**
   * The absolute deadline on the executor's clock (`cx.timer.now()` units), or `undefined`
   * for a `sleep(ms)` not polled yet (its deadline is fixed by the first poll).
   */
  get deadline(): number | undefined {
    const at = this.#d.at
    return Number.isNaN(at) ? undefined : at
  }
  /**
   * Move the deadline to the absolute time `deadline` on the executor's clock, earlier or
   * later, without creating a new future. A sleep that already completed becomes pending
   * again (poll it again until the new deadline); a cancelled sleep stays cancelled. A
   * deadline in the past completes at the next poll.
   * @throws InvalidArgument when `deadline` is not a finite number.
   * @remarks The waker registered by the last poll is woken, so the task polls again and
   * registers at the new deadline (one spurious wake, rule 2); the old entry is removed.
   * @example
   * ```ts
   * const idle = sleep(30_000)
   * // on each message: push the idle deadline 30 s past now
   * idle.reset((yield* now()) + 30_000)
   * ```
   */
  reset(deadline: number): void {
    checkDeadline("sleep.reset(deadline)", deadline)
    if (this.state === CANCELLED) return
    if (this.state === COMPLETED) this.state = RUNNING
    this.#d.reset(deadline)
  }
  protected step(cx: Context): Poll<void> {
    return this.#d.reached(cx, this.label) ? undefined : Pending
  }
  protected onCancel(): void {
    this.#d.clear()
  }
}

/** @internal Checks an absolute deadline: any finite number on the executor's clock. */
export function checkDeadline(where: string, at: number): number {
  if (typeof at !== "number" || !Number.isFinite(at)) {
    throw new InvalidArgument(
      where,
      `expected a finite time on the executor's clock, got ${String(at)}`,
      "pass a time from now() (or cx.timer.now()) plus a number of milliseconds",
    )
  }
  return at
}

/**
 * Complete `ms` milliseconds after the first poll, on the executor's clock (`cx.timer`):
 * real time on NativeExecutor, virtual time under VirtualClock, TestScheduler or TestClock.
 * `sleep(0)` completes at its first poll without registering a timer entry (it still reads
 * `cx.timer`, so it needs one).
 *
 * @throws InvalidArgument for a negative, NaN or infinite `ms` (at call time).
 * @throws MissingCapability at poll when the executor supplies no timer.
 * The returned {@link Sleep} can be moved with `reset(deadline)`.
 * @remarks Cancel safety: cancelling removes the timer entry. Only the latest waker is
 * registered (rule 1): re-polling with another waker moves the entry.
 * @example
 * ```ts
 * gen(function* () { yield* sleep(250) })   // on the executor's clock
 * ```
 */
export const sleep = (ms: number): Sleep => {
  checkDuration("sleep(ms)", ms)
  return new Sleep(new Deadline(ms), `sleep(${ms})`)
}
