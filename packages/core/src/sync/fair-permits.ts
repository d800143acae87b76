import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { FutureBase } from "../future-base.js"
import { SemaphoreClosed } from "./errors.js"
import { WaitQueue, type Waiter } from "./wait-queue.js"
import { wakeQuietly } from "../fault/teardown.js"

/**
 * The permit counter behind `Semaphore` and `Mutex`: strict FIFO, permits are handed
 * directly to the waiter at the head (no barging), and a waiter cancelled after it was
 * handed permits gives them back, which hands them on — so no wake is ever lost.
 */
export class FairPermits {
  readonly queue = new WaitQueue<Acquire<any, any>>()
  closed = false
  /**
   * Permits the semaphore has in all, held or free: the initial count plus `addPermits`
   * minus forgotten ones. A request for more can never be granted.
   */
  total: number
  constructor(public available: number) {
    this.total = available
  }

  /** Take `n` permits now, only if nobody is waiting (FIFO) and enough are free. */
  tryTake(n: number): boolean {
    if (this.closed || this.queue.length > 0 || this.available < n) return false
    this.available -= n
    return true
  }

  release(n: number): void {
    this.available += n
    this.dispatch()
  }

  /** Hand free permits to waiters in order while the head's request fits. */
  dispatch(): void {
    const q = this.queue
    for (let w = q.head; w !== undefined && w.n <= this.available; w = q.head) {
      this.available -= w.n
      q.remove(w)
      w.granted = true
      const waker = w.waker
      w.waker = undefined
      wakeQuietly(waker, "a Semaphore/Mutex waiter")
    }
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    for (let w = this.queue.shift(); w !== undefined; w = this.queue.shift()) {
      const waker = w.waker
      w.waker = undefined
      wakeQuietly(waker, "a Semaphore/Mutex waiter")
    }
  }
}

/**
 * The future of `n` permits, turned into `R` (a Permit or a MutexGuard) when granted.
 * `E` is `SemaphoreClosed` where the permits can be closed (a Semaphore), `never` where they
 * cannot (a Mutex).
 */
export class Acquire<R, E = SemaphoreClosed> extends FutureBase<R, E> implements Waiter {
  prev: Waiter | undefined = undefined
  next: Waiter | undefined = undefined
  linked = false
  waker: Waker | undefined = undefined
  granted = false
  constructor(
    readonly permits: FairPermits,
    readonly n: number,
    readonly make: (n: number) => R,
    readonly name: string,
  ) {
    super()
  }
  get label(): string {
    return this.name
  }
  protected step(cx: Context): Poll<R> {
    const p = this.permits
    if (this.granted) {
      this.granted = false
      return this.make(this.n)
    }
    if (!this.linked) {
      if (p.closed) throw new SemaphoreClosed()
      if (p.tryTake(this.n)) return this.make(this.n)
      p.queue.push(this)
    }
    this.waker = cx.waker
    return Pending
  }
  protected onCancel(): void {
    const p = this.permits
    this.waker = undefined
    if (this.linked) {
      const wasHead = p.queue.head === this
      p.queue.remove(this)
      // The head may have blocked smaller requests behind it.
      if (wasHead) p.dispatch()
    } else if (this.granted) {
      // Handed permits but cancelled before it saw them: pass them on (no lost wake).
      this.granted = false
      p.release(this.n)
    }
  }
}
