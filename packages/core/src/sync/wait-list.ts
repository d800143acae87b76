import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { wakeQuietly } from "../fault/teardown.js"
import { FutureBase } from "../future-base.js"
import { WaitQueue, type Waiter } from "./wait-queue.js"

/**
 * Waiters that are all woken at once (a Deferred completing, a watch value changing, a
 * barrier releasing, a token being cancelled). Rule 8: a `wake()` that throws is reported
 * and every other waiter is still woken.
 * @internal
 */
export class WaitList {
  readonly queue = new WaitQueue<Waiter>()
  get length(): number {
    return this.queue.length
  }
  /** Wake and unlink every waiter. */
  wakeAll(origin: string): void {
    const q = this.queue
    for (let w = q.shift(); w !== undefined; w = q.shift()) {
      const waker = w.waker
      w.waker = undefined
      wakeQuietly(waker, origin)
    }
  }
}

/**
 * A future that waits in the {@link WaitList} it is made with until `check()` gives a value:
 * it registers the latest waker (rule 1), and cancelling unlinks it in O(1) (rule 4).
 * @internal
 */
export abstract class ListWait<T, E> extends FutureBase<T, E> implements Waiter {
  prev: Waiter | undefined = undefined
  next: Waiter | undefined = undefined
  linked = false
  waker: Waker | undefined = undefined
  /** @param list - the list this wait joins while it is pending. */
  constructor(private readonly list: WaitList) {
    super()
  }
  /** The value when the wait is over, else `Pending`; may throw the wait's error. */
  protected abstract check(cx: Context): Poll<T>
  protected step(cx: Context): Poll<T> {
    let r: Poll<T>
    try {
      r = this.check(cx)
    } catch (e) {
      ListWait.#unlink(this)
      throw e
    }
    if (r !== Pending) {
      ListWait.#unlink(this)
      return r
    }
    if (!this.linked) this.list.queue.push(this)
    this.waker = cx.waker
    return Pending
  }
  static #unlink(w: ListWait<unknown, unknown>): void {
    w.waker = undefined
    if (w.linked) w.list.queue.remove(w)
  }
  protected onCancel(): void {
    ListWait.#unlink(this)
  }
}
