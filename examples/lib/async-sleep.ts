// A port of the Rust async book's timer example (a hand-written AsyncSleep / TimerFuture):
// shared state plus a waker, completed by a callback from outside the future (there a
// thread, here the executor's timer capability).
// It implements the Future contract directly, the Rust way, and so runs on every executor.
import {
  MissingCapability,
  Pending,
  type Context,
  type Future,
  type Poll,
  type TimerEntry,
  type Waker,
} from "@pollable/core"

interface SharedState {
  completed: boolean
  waker: Waker | undefined
}

export class AsyncSleep implements Future<void, never> {
  readonly #state: SharedState = { completed: false, waker: undefined }
  #entry: TimerEntry | undefined
  #done = false

  constructor(readonly ms: number) {}

  poll(cx: Context): Poll<void> {
    if (this.#done) throw new Error(`AsyncSleep(${this.ms}) polled after completion`)
    const state = this.#state
    if (this.#entry === undefined) {
      // First poll (laziness, rule 7): start the "timer thread". Its callback marks the
      // shared state complete and wakes whatever waker the latest poll left (rule 1).
      const timer = cx.timer
      if (timer === undefined) throw new MissingCapability("timer", `AsyncSleep(${this.ms})`)
      this.#entry = timer.schedule(timer.now() + this.ms, {
        wake: () => {
          state.completed = true
          state.waker?.wake()
        },
      })
    }
    if (state.completed) {
      this.#done = true
      return undefined
    }
    state.waker = cx.waker
    return Pending
  }

  cancel(): void {
    this.#entry?.cancel()
    this.#state.waker = undefined
    this.#done = true
  }
}

/** `AsyncSleep` as a function, like the Rust example's `AsyncSleep::sleep(dur)`. */
export const asyncSleep = (ms: number): Future<void, never> => new AsyncSleep(ms)
