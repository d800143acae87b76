import { cancelQuietly } from "../fault/teardown.js"
import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Timer } from "../contracts/waker.js"
import { InvalidArgument, MissingCapability } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { Deadline } from "../combinators/sleep.js"
import { checkSchedule, type Schedule } from "./schedule.js"

/**
 * The loop behind `retry` and `repeat`: run `make()`, and after each attempt ask the
 * schedule for a delay (sleep on `cx.timer`) or stop. At any moment it owns at most one
 * thing to release: the running attempt or the delay's timer entry.
 */
class ScheduleLoop<T, E> extends FutureBase<T, E> {
  readonly #make: () => Future<T, E>
  readonly #schedule: Schedule<any>
  /** true: retry on failure; false: repeat on success. */
  readonly #retry: boolean
  #timer: Timer | undefined
  #start = 0
  #attempt = 0
  #current: Future<T, E> | undefined
  #delay: Deadline | undefined

  constructor(make: () => Future<T, E>, schedule: Schedule<any>, retry: boolean) {
    super()
    this.#make = make
    this.#schedule = schedule
    this.#retry = retry
  }

  get label(): string {
    return `${this.#retry ? "retry" : "repeat"}(${this.#make.name || "make"}, ${String(this.#schedule)})`
  }

  protected step(cx: Context): Poll<T> {
    let timer = this.#timer
    if (timer === undefined) {
      timer = cx.timer
      if (timer === undefined) throw new MissingCapability("timer", this.label)
      this.#timer = timer
      this.#start = timer.now()
    }
    for (;;) {
      if (this.#delay !== undefined) {
        if (!this.#delay.reached(cx, this.label)) return Pending
        this.#delay = undefined
      }
      let current = this.#current
      if (current === undefined) {
        current = this.#make()
        if (typeof current?.poll !== "function") {
          throw new InvalidArgument(
            this.label,
            `make returned ${current === null ? "null" : typeof current}, not a future`,
            "pass a function that creates a fresh future for each attempt",
          )
        }
        this.#current = current
      }
      let r: Poll<T>
      try {
        r = current.poll(cx)
      } catch (e) {
        this.#current = undefined
        if (!this.#retry) throw e
        if (!this.#next(timer, e)) throw e
        if (this.#delay === undefined) return yieldTurn(cx)
        continue
      }
      if (r === Pending) return Pending
      this.#current = undefined
      if (this.#retry || !this.#next(timer, r)) return r
      if (this.#delay === undefined) return yieldTurn(cx)
    }
  }

  /** Ask the schedule after an attempt; arms the delay (none for a zero delay). False: stop. */
  #next(timer: Timer, input: unknown): boolean {
    const now = timer.now()
    const delay = this.#schedule.next({ attempt: ++this.#attempt, elapsed: now - this.#start, input })
    if (delay === undefined) return false
    if (delay > 0) this.#delay = new Deadline(delay)
    return true
  }

  protected onCancel(): void {
    this.#delay?.clear()
    this.#delay = undefined
    const c = this.#current
    this.#current = undefined
    if (c !== undefined) cancelQuietly(c, "a retry attempt")
  }
}

/** A zero delay never loops synchronously: the next attempt runs after other tasks (rule 5). */
const yieldTurn = (cx: Context): typeof Pending => {
  cx.waker.wake()
  return Pending
}

/**
 * Run the future `make()` creates; when it fails, ask `schedule` whether and when to try
 * again, and run a fresh `make()` after that delay. The value is the first successful
 * attempt's; when the schedule stops, the last attempt's error is thrown — so the error type
 * is exactly `E`, the attempt's own.
 *
 * The delays run on the executor's clock (`cx.timer`): virtual in tests (VirtualClock,
 * RxJS's TestScheduler, Effect's TestClock). The schedule's input is the attempt's typed
 * error, so `whileInput` can stop on errors that retrying cannot fix. A zero delay lets
 * other tasks run before the next attempt.
 *
 * @throws E the last attempt's error, once the schedule stops.
 * @throws InvalidArgument when `make` is not a function or `schedule` not a `Schedule` (at
 * call time), or `make` returns something that is not a future (at poll).
 * @throws MissingCapability at the first poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling during an attempt cancels that attempt; during a delay
 * it removes the delay's timer entry. Nothing else is held between attempts.
 * @example
 * ```ts
 * const page = retry(() => timeout(fetchPage(1), 1_000), Schedule.exponential(100).maxAttempts(4))
 * // Future<string, FetchError | TimeoutError>: up to 4 attempts, 100, 200, 400 ms apart
 * ```
 */
export const retry = <T, E>(make: () => Future<T, E>, schedule: Schedule<NoInfer<E>>): FutureBase<T, E> => {
  checkFunction("retry(make, schedule)", make)
  checkSchedule("retry(make, schedule)", schedule)
  return new ScheduleLoop(make, schedule, true)
}

/**
 * Run the future `make()` creates again and again while `schedule` goes on, waiting the
 * schedule's delay between runs; complete with the last run's value. The schedule's input is
 * each run's value (`whileInput` can stop on a value). A failing run fails the whole
 * repetition at once with its error `E` (combine with `retry` to retry inside).
 *
 * @throws E the failing run's error.
 * @throws InvalidArgument when `make` is not a function or `schedule` not a `Schedule` (at
 * call time), or `make` returns something that is not a future (at poll).
 * @throws MissingCapability at the first poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling during a run cancels that run; during a delay it
 * removes the delay's timer entry.
 * @example
 * ```ts
 * // poll a job's status every second, at most a minute, until it is done
 * const status = repeat(
 *   () => getStatus(id),
 *   Schedule.fixed(1_000).maxElapsed(60_000).whileInput((s: Status) => s !== "done"),
 * )
 * ```
 */
export const repeat = <T, E>(make: () => Future<T, E>, schedule: Schedule<NoInfer<T>>): FutureBase<T, E> => {
  checkFunction("repeat(make, schedule)", make)
  checkSchedule("repeat(make, schedule)", schedule)
  return new ScheduleLoop(make, schedule, false)
}
