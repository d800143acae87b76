import type { Timer, TimerEntry, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkDuration, checkFunction, describeArgument } from "../internal/check.js"
import { TimerQueue } from "../executor/timer-queue.js"
import { hostTurn } from "./host-turn.js"

/** Nanoseconds per millisecond: the grid virtual time moves on. */
const NS = 1_000_000

/**
 * A point of virtual time, exactly: whole milliseconds plus whole nanoseconds (`0 <= ns <
 * 1e6`). Both are integers, so adding steps never accumulates rounding error.
 */
interface Point {
  readonly ms: number
  readonly ns: number
}

/** The grid point nearest to `x` ms (rounded to the nearest nanosecond). */
const toPoint = (x: number): Point => {
  const ms = Math.floor(x)
  const ns = Math.round((x - ms) * NS)
  return ns === NS ? { ms: ms + 1, ns: 0 } : { ms, ns }
}
const add = (a: Point, b: Point): Point => {
  const ns = a.ns + b.ns
  return ns >= NS ? { ms: a.ms + b.ms + 1, ns: ns - NS } : { ms: a.ms + b.ms, ns }
}
const after = (a: Point, b: Point): boolean => a.ms > b.ms || (a.ms === b.ms && a.ns > b.ns)
const toMs = (p: Point): number => (p.ns === 0 ? p.ms : p.ms + p.ns / NS)

/**
 * A {@link Timer} whose time moves only when told. Give it to any executor (reference,
 * native, RxJS, Effect) and every `sleep`/`timeout` on it runs in virtual time; one clock
 * can drive several executors at once.
 *
 * `advance(ms)` steps through every deadline in order, setting `now()` to it and waking its
 * timers, then lets the attached executors run before the next step — so `sleep(10)`
 * followed by `sleep(10)` completes at 20 under `advance(20)`.
 *
 * @remarks
 * Exact time: the clock keeps whole milliseconds and whole nanoseconds as two integers and
 * rounds every step to the nearest nanosecond, so sub-millisecond steps add up exactly — ten
 * `advance(0.1)` put `now()` at `1`, not `0.9999999999999999`, and a `sleep(1)` fires. A
 * deadline that a future computed in floating point (`now() + 0.2`) counts as the grid
 * point nearest to it; while its timers fire, `now()` reads at least the deadline itself
 * (at most a rounding error above the grid point), so the future sees it reached. The next
 * step lands on the grid again.
 *
 * A waker that throws while its timer fires is reported (`reportFault`, rule 8); the other
 * timers still fire and time still moves.
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
  /** The exact time. */
  #at: Point
  /** What `now()` returns: `#at` in ms, or a deadline a rounding error above it while it fires. */
  #now: number
  readonly #queue: TimerQueue
  readonly #runners = new Set<() => void>()

  /** @throws InvalidArgument when `start` is not a finite number. */
  constructor(start = 0) {
    this.#at = toPoint(checkTime("new VirtualClock(start)", start))
    this.#now = toMs(this.#at)
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
    this.#advanceTo(add(this.#at, toPoint(checkDuration("VirtualClock.advance(ms)", ms))))
  }

  /**
   * Move time forward to the absolute time `t` (nothing happens when `t` is not later).
   * @throws InvalidArgument when `t` is not a finite number.
   */
  advanceTo(t: number): void {
    this.#advanceTo(toPoint(checkTime("VirtualClock.advanceTo(t)", t)))
  }

  #advanceTo(target: Point): void {
    this.settle()
    while (this.#stepTowards(target)) this.settle()
    this.#land(target)
    this.settle()
  }

  /**
   * Fire the timers of the next deadline if it is at or before `target` (on the grid);
   * returns false when there is none.
   */
  #stepTowards(target: Point): boolean {
    const d = this.#queue.nextDeadline
    if (d === Infinity) return false
    const p = toPoint(d)
    if (after(p, target)) return false
    if (after(p, this.#at)) {
      this.#at = p
      this.#now = toMs(p)
    }
    // the future compares its own floating-point deadline with now(): let it see it reached
    if (d > this.#now) this.#now = d
    this.#queue.fireDue(this.#now)
    return true
  }

  /** End a step at `target` (when it is later): back on the grid. */
  #land(target: Point): void {
    if (after(target, this.#at)) {
      this.#at = target
      this.#now = toMs(target)
    }
  }

  /** Jump from deadline to deadline until no timer is left; returns the number of steps. */
  runAll(maxSteps = 1_000_000): number {
    let n = 0
    this.settle()
    while (this.#queue.size > 0 && n < maxSteps) {
      this.#advanceTo(toPoint(this.#queue.nextDeadline))
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
    return this.#advanceToAsync(add(this.#at, toPoint(checkDuration("VirtualClock.advanceAsync(ms)", ms))), flush)
  }

  async #advanceToAsync(target: Point, flush: () => Promise<void>): Promise<void> {
    await flush()
    for (;;) {
      this.settle()
      if (!this.#stepTowards(target)) break
      await flush()
    }
    this.#land(target)
    this.settle()
    await flush()
  }

  /** {@link runAll} for asynchronously draining executors. */
  async runAllAsync(flush: () => Promise<void> = hostTurn, maxSteps = 100_000): Promise<number> {
    let n = 0
    await flush()
    while (this.#queue.size > 0 && n < maxSteps) {
      await this.#advanceToAsync(toPoint(this.#queue.nextDeadline), flush)
      n++
    }
    return n
  }
}

/** A finite time in ms (may be negative: a clock can start anywhere). */
function checkTime(where: string, t: number): number {
  if (typeof t !== "number" || !Number.isFinite(t)) {
    throw new InvalidArgument(
      where,
      `expected a finite time in milliseconds, got ${typeof t === "number" ? String(t) : describeArgument(t)}`,
      "pass a finite number, e.g. 0",
    )
  }
  return t
}
