import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { FutureBase } from "../future-base.js"
import { WaitQueue, type Waiter } from "./wait-queue.js"
import { wakeQuietly } from "../fault/teardown.js"

const WAITING = 0 as const
const BY_ONE = 1 as const
const BY_ALL = 2 as const

/**
 * Wake tasks without passing data: the building block for condition-variable style code.
 *
 * Permit semantics (as tokio's `Notify`):
 * - `notifyOne()` wakes the longest-waiting `notified()`; if none waits, it stores **one**
 *   permit (several calls still store one) that the next `notified()` consumes at once.
 * - `notifyAll()` wakes every `notified()` future created before the call — including
 *   ones not yet polled — and stores no permit.
 *
 * So the race-free pattern is: create `notified()`, check the condition, then await it.
 *
 * @example
 * ```ts
 * const changed = new Notify()
 * const waitFor = (cond: () => boolean) => gen(function* () {
 *   for (;;) {
 *     const n = changed.notified()
 *     if (cond()) return
 *     yield* n
 *   }
 * })
 * ```
 */
export class Notify {
  /** @internal */ readonly queue = new WaitQueue<Notified>()
  /** @internal */ permit = false
  /** @internal */ epoch = 0

  /** Wake one waiter (FIFO), or store a permit when nobody waits. */
  notifyOne(): void {
    const w = this.queue.shift()
    if (w === undefined) {
      this.permit = true
      return
    }
    w.wakeWith(BY_ONE)
  }

  /** Wake every `notified()` created before this call. Stores no permit. */
  notifyAll(): void {
    this.epoch++
    for (let w = this.queue.shift(); w !== undefined; w = this.queue.shift()) w.wakeWith(BY_ALL)
  }

  /** Futures currently queued (polled and not yet notified). */
  get waiting(): number {
    return this.queue.length
  }

  /**
   * A future that completes when notified.
   * @remarks Cancel safety: cancelling removes it from the queue in O(1). If a
   * `notifyOne()` had already picked it, the notification is passed on (to the next waiter,
   * or stored as the permit) — never lost.
   */
  notified(): Pollable<void, never> {
    return new Notified(this)
  }
}

class Notified extends FutureBase<void, never> implements Waiter {
  prev: Waiter | undefined = undefined
  next: Waiter | undefined = undefined
  linked = false
  waker: Waker | undefined = undefined
  #how: typeof WAITING | typeof BY_ONE | typeof BY_ALL = WAITING
  readonly #epoch: number
  constructor(readonly notify: Notify) {
    super()
    this.#epoch = notify.epoch
  }
  get label(): string {
    return "Notify.notified()"
  }
  /** @internal */
  wakeWith(how: 1 | 2): void {
    this.#how = how
    const w = this.waker
    this.waker = undefined
    wakeQuietly(w, "a Notify waiter")
  }
  protected step(cx: Context): Poll<void> {
    if (this.#how !== WAITING) return undefined
    const n = this.notify
    if (!this.linked) {
      if (n.epoch !== this.#epoch) return undefined
      if (n.permit) {
        n.permit = false
        return undefined
      }
      n.queue.push(this)
    }
    this.waker = cx.waker
    return Pending
  }
  protected onCancel(): void {
    this.waker = undefined
    if (this.linked) this.notify.queue.remove(this)
    else if (this.#how === BY_ONE) this.notify.notifyOne()
  }
}
