import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"

/**
 * The connections a listener accepted that nobody took yet, and the tasks waiting to take
 * one: the shared part of every listener's `accept()` and `incoming()`.
 *
 * @remarks
 * Several accepts may wait at once. Each waiter is identified by an object (usually the
 * accepting future itself), so its latest waker replaces its previous one and cancelling one
 * waiter ({@link AcceptQueue.dropWaker}) leaves the others waiting. A new connection wakes
 * every waiter; the ones that find the queue empty again simply wait again. Whether the
 * listener is closed, and the error for accepting on a closed one, stay with the listener.
 *
 * @typeParam T - what is queued: an accepted connection, closed by {@link AcceptQueue.close}
 *   if nobody took it.
 */
export class AcceptQueue<T extends { close(): void }> {
  readonly #queue: T[] = []
  readonly #waiters = new Map<object, Waker>()

  /** Queue an accepted connection and wake every waiting accept. */
  push(conn: T): void {
    this.#queue.push(conn)
    this.#wakeAll()
  }

  /**
   * Take the oldest queued connection for `waiter`, or remember `cx`'s waker under `waiter`
   * and return `Pending` when there is none.
   */
  poll(cx: Context, waiter: object): Poll<T> {
    const conn = this.#queue.shift()
    if (conn !== undefined) {
      this.#waiters.delete(waiter)
      return conn
    }
    this.#waiters.set(waiter, cx.waker)
    return Pending
  }

  /** Forget `waiter`'s waker (its accept was cancelled). */
  dropWaker(waiter: object): void {
    this.#waiters.delete(waiter)
  }

  /** Close every connection nobody accepted, then wake every waiter so it sees the listener closed. */
  close(): void {
    for (const conn of this.#queue.splice(0)) conn.close()
    this.#wakeAll()
  }

  #wakeAll(): void {
    if (this.#waiters.size === 0) return
    const ws = [...this.#waiters.values()]
    this.#waiters.clear()
    for (const w of ws) w.wake()
  }
}
