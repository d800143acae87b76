import type { Timer, TimerEntry, Waker } from "../contracts/waker.js"
import { checkMethods } from "../internal/check.js"
import { wakeQuietly } from "../fault/teardown.js"
import { enterFaultScope, leaveFaultScope, type FaultReporter } from "../fault/report.js"

/**
 * The furthest ahead (ms) one host alarm is set: 2^30 ms, about 12.4 days. Hosts keep timer
 * delays in a signed 32-bit integer and turn anything from 2^31 ms up into 1 ms (Node warns
 * with `TimeoutOverflowWarning` each time), so a longer sleep is waited for in steps: the
 * alarm fires early, finds nothing due and is armed again.
 */
const MAX_ALARM_AHEAD = 2 ** 30

/**
 * What an adapter supplies to get a timer: a clock and one host alarm.
 *
 * `setAlarm(deadline, fire)` arranges one call of `fire` at or after `deadline` (on the
 * same clock as `now()`) and returns a function that disarms it. {@link TimerQueue} keeps
 * at most one alarm armed — for the earliest deadline — however many timers exist — and
 * never asks for one more than 2^30 ms (about 12.4 days) ahead: a later deadline is reached
 * by re-arming, so a source may pass the delay straight to `setTimeout`.
 */
export interface ClockSource {
  now(): number
  setAlarm(deadline: number, fire: () => void): () => void
}

/** @internal A heap entry; also the `TimerEntry` handed to callers. */
class Entry implements TimerEntry {
  /**
   * A never-scheduled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Entry | null | undefined
  index = -1
  constructor(
    readonly queue: TimerQueue,
    readonly deadline: number,
    readonly seq: number,
    public waker: Waker | undefined,
  ) {
    // in no queue (it must not keep this one alive), with a fractional deadline as a clock's
    // `now()` gives (see "Idle instances")
    if (Entry.#idle === undefined) {
      Entry.#idle = null
      Entry.#idle = new Entry(undefined as unknown as TimerQueue, 0.5, 0, undefined)
    }
  }
  cancel(): void {
    if (this.index >= 0) this.queue.remove(this)
    this.waker = undefined
  }
}

const before = (a: Entry, b: Entry): boolean => a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq)

/**
 * Core's timer bookkeeping: a binary heap keyed by deadline (ties in insertion order)
 * with O(log n) cancellation, over a {@link ClockSource}. Every executor's `Timer` is one
 * of these, so no adapter re-implements timers and 10,000 sleeps arm one host alarm.
 *
 * @remarks Cancel safety: `TimerEntry.cancel()` removes the entry from the heap (and
 * disarms or re-arms the host alarm when it was the earliest); it is idempotent and a
 * no-op after the entry fired. A waker that throws when its timer fires is reported (the
 * `onFault` option, else the process-wide reporter); the other due timers still fire and
 * the alarm is re-armed for the later ones (rule 8). Deadlines further than 2^30 ms ahead
 * are reached through several host alarms, so hosts that clamp long delays never fire early.
 * @example
 * ```ts
 * const timer = new TimerQueue({
 *   now: () => performance.now(),
 *   setAlarm: (deadline, fire) => {
 *     const h = setTimeout(fire, deadline - performance.now())
 *     return () => clearTimeout(h)
 *   },
 * })
 * new LocalExecutor({ timer })
 * ```
 */
export class TimerQueue implements Timer {
  readonly #clock: ClockSource
  readonly #heap: Entry[] = []
  #seq = 0
  #disarm: (() => void) | undefined
  #armedFor = Infinity
  readonly #onFault: FaultReporter | undefined

  /**
   * @param clock the clock and its one host alarm.
   * @throws InvalidArgument when `clock` lacks `now()` or `setAlarm()`.
   * @param options.onFault where a waker that throws while the host alarm fires timers is
   *   reported (rule 8); executors pass their own `onFault`. Default: the process-wide reporter.
   */
  constructor(clock: ClockSource, options: { readonly onFault?: FaultReporter | undefined } = {}) {
    checkMethods(
      "new TimerQueue(clock)",
      clock,
      "a ClockSource",
      ["now", "setAlarm"],
      "pass hostClock(), or an object whose now() reads your clock and setAlarm(deadline, fire) arms one alarm",
    )
    this.#clock = clock
    this.#onFault = options.onFault
  }

  now(): number {
    return this.#clock.now()
  }

  /** Number of timers registered and not yet fired or cancelled. */
  get size(): number {
    return this.#heap.length
  }

  /** Earliest registered deadline, or `Infinity`. */
  get nextDeadline(): number {
    return this.#heap[0]?.deadline ?? Infinity
  }

  schedule(deadline: number, waker: Waker): TimerEntry {
    const e = new Entry(this, deadline, this.#seq++, waker)
    const h = this.#heap
    e.index = h.length
    h.push(e)
    this.#up(e.index)
    if (h[0] === e) this.#rearm()
    return e
  }

  /**
   * Wake every timer whose deadline is `<= now()`, in deadline order; returns how many.
   * Called by the host alarm; tests and virtual clocks may call it directly. Pass a `now`
   * no later than the clock's `now()`: a future woken before its clock reached the deadline
   * sees the deadline not reached and keeps waiting for a wake that already happened.
   */
  fireDue(now = this.#clock.now()): number {
    let n = 0
    const h = this.#heap
    while (h.length > 0 && h[0]!.deadline <= now) {
      const e = this.#popTop()
      const w = e.waker
      e.waker = undefined
      n++
      // rule 8: a waker that throws is reported; the other timers still fire and the alarm
      // is re-armed below
      wakeQuietly(w, "a timer's waker")
    }
    this.#rearm()
    return n
  }

  /**
   * Wake only the earliest timer(s) sharing the smallest deadline. Only for clocks whose
   * `now()` has already reached that deadline (see {@link TimerQueue.fireDue}).
   */
  fireNext(): number {
    const d = this.nextDeadline
    return d === Infinity ? 0 : this.fireDue(d)
  }

  /** @internal */
  remove(e: Entry): void {
    const h = this.#heap
    const i = e.index
    const last = h.pop()!
    e.index = -1
    if (last !== e) {
      h[i] = last
      last.index = i
      this.#down(i)
      this.#up(last.index)
    }
    if (i === 0) this.#rearm()
  }

  #popTop(): Entry {
    const h = this.#heap
    const top = h[0]!
    const last = h.pop()!
    top.index = -1
    if (last !== top) {
      h[0] = last
      last.index = 0
      this.#down(0)
    }
    return top
  }

  #rearm(): void {
    const d = this.nextDeadline
    if (d === this.#armedFor) return
    this.#disarm?.()
    this.#disarm = undefined
    this.#armedFor = d
    if (d !== Infinity) {
      const now = this.#clock.now()
      this.#disarm = this.#clock.setAlarm(d - now > MAX_ALARM_AHEAD ? now + MAX_ALARM_AHEAD : d, this.#onAlarm)
    }
  }

  readonly #onAlarm = (): void => {
    this.#disarm = undefined
    this.#armedFor = Infinity
    const prev = enterFaultScope(this.#onFault)
    try {
      this.fireDue()
    } finally {
      leaveFaultScope(prev)
    }
  }

  #up(i: number): void {
    const h = this.#heap
    const e = h[i]!
    while (i > 0) {
      const p = (i - 1) >> 1
      const pe = h[p]!
      if (!before(e, pe)) break
      h[i] = pe
      pe.index = i
      i = p
    }
    h[i] = e
    e.index = i
  }

  #down(i: number): void {
    const h = this.#heap
    const n = h.length
    const e = h[i]!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && before(h[r]!, h[l]!) ? r : l
      const ce = h[c]!
      if (!before(ce, e)) break
      h[i] = ce
      ce.index = i
      i = c
    }
    h[i] = e
    e.index = i
  }
}
