import type { Timer, TimerEntry, Waker } from "../contracts/waker.js"
import { InvalidArgument, checkDuration, checkFunction, describeArgument } from "../errors.js"
import { TimerQueue } from "../executor/timer-queue.js"
import { hostTurn } from "./host-turn.js"

/** Refuses a point in virtual time that is not a finite number (NaN would never be reached). */
function checkTime(where: string, t: unknown): void {
  if (typeof t !== "number" || !Number.isFinite(t)) {
    throw new InvalidArgument(where, `expected a finite number of milliseconds, got ${describeArgument(t)}`, "pass a time such as clock.now() + 10")
  }
}

/**
 * A {@link Timer} whose time moves only when told. Give it to any executor (reference,
 * native, RxJS, Effect) and every `sleep`/`timeout` on it runs in virtual time; one clock
 * can drive several executors at once.
 *
 * `advance(ms)` steps through every deadline in order, setting `now()` to it and waking its
 * timers, then lets the attached executors run before the next step — so `sleep(10)`
 * followed by `sleep(10)` completes at 20 under `advance(20)`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock()
 * const ex = new ManualExecutor({ timer: clock })     // attaches itself to the clock
 * const h = ex.spawn(timeout(sleep(100), 50))
 * clock.advance(50)
 * h.outcome   // { _tag: "Failure", error: TimeoutError }, and clock.pendingTimers === 0
 * ```
 */
export class VirtualClock implements Timer {
  #now: number
  readonly #queue: TimerQueue
  readonly #runners = new Set<() => void>()

  /** @throws InvalidArgument when `start` is not a finite number. */
  constructor(start = 0) {
    checkTime("new VirtualClock(start)", start)
    this.#now = start
    this.#queue = new TimerQueue({ now: () => this.#now, setAlarm: () => () => {} })
  }

  now(): number {
    return this.#now
  }

  schedule(deadline: number, waker: Waker): TimerEntry {
    return this.#queue.schedule(deadline, waker)
  }

  /** Timers registered and neither fired nor cancelled (0 after a clean cancel: the leak check). */
  get pendingTimers(): number {
    return this.#queue.size
  }

  /** The earliest deadline, or `Infinity`. */
  get nextDeadline(): number {
    return this.#queue.nextDeadline
  }

  /**
   * Let `run` (a synchronous "run until stalled") be called after every step of
   * `advance`. ManualExecutor attaches itself. Returns a detach function.
   */
  attach(run: () => void): () => void {
    this.#runners.add(run)
    return () => this.#runners.delete(run)
  }

  /** Run attached executors until they stall. */
  settle(): void {
    for (const r of this.#runners) r()
  }

  /** Move time forward by `ms`, firing timers in deadline order (see class docs). */
  advance(ms: number): void {
    this.advanceTo(this.#now + checkDuration("VirtualClock.advance(ms)", ms))
  }

  /**
   * Move time forward to the absolute time `t` (a time already passed changes nothing).
   * @throws InvalidArgument when `t` is not a finite number.
   */
  advanceTo(t: number): void {
    checkTime("VirtualClock.advanceTo(t)", t)
    this.settle()
    for (;;) {
      const d = this.#queue.nextDeadline
      if (d > t) break
      if (d > this.#now) this.#now = d
      this.#queue.fireDue(this.#now)
      this.settle()
    }
    if (t > this.#now) this.#now = t
    this.settle()
  }

  /** Jump from deadline to deadline until no timer is left; returns the number of steps. */
  runAll(maxSteps = 1_000_000): number {
    let n = 0
    this.settle()
    while (this.#queue.size > 0 && n < maxSteps) {
      this.advanceTo(this.#queue.nextDeadline)
      n++
    }
    return n
  }

  /**
   * Like {@link advance} for executors that drain asynchronously (native, RxJS, Effect):
   * awaits `flush()` before and after each step. The default flush waits one macrotask and
   * then one `setImmediate` (where the host has it), which lets microtask- and
   * setImmediate-driven executors (native, RxJS asap, Effect) run what was queued.
   */
  advanceAsync(ms: number, flush: () => Promise<void> = hostTurn): Promise<void> {
    // checked here, so a bad argument throws at the call instead of rejecting later
    checkFunction("VirtualClock.advanceAsync(ms, flush)", flush)
    return this.#advanceAsyncTo(this.#now + checkDuration("VirtualClock.advanceAsync(ms)", ms), flush)
  }

  async #advanceAsyncTo(t: number, flush: () => Promise<void>): Promise<void> {
    await flush()
    for (;;) {
      this.settle()
      const d = this.#queue.nextDeadline
      if (d > t) break
      if (d > this.#now) this.#now = d
      this.#queue.fireDue(this.#now)
      await flush()
    }
    if (t > this.#now) this.#now = t
    this.settle()
    await flush()
  }

  /** {@link runAll} for asynchronously draining executors. */
  async runAllAsync(flush: () => Promise<void> = hostTurn, maxSteps = 100_000): Promise<number> {
    let n = 0
    await flush()
    while (this.#queue.size > 0 && n < maxSteps) {
      await this.advanceAsync(Math.max(0, this.#queue.nextDeadline - this.#now), flush)
      n++
    }
    return n
  }
}

