import type { Context, Timer, Waker } from "../contracts/waker.js"

/** A waker that does nothing: for polling a future by hand. */
export const noopWaker: Waker = Object.freeze({ wake() {} })

/** A waker that counts its wakes. */
export class CountingWaker implements Waker {
  count = 0
  wake(): void {
    this.count++
  }
}

/** A `Context` around `waker` (noop by default) and optional capabilities. */
export const contextOf = (waker: Waker = noopWaker, timer?: Timer): Context => (timer === undefined ? { waker } : { waker, timer })
