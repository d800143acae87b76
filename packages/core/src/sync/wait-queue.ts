import type { Waker } from "../contracts/waker.js"

/**
 * A waiter that can sit in a {@link WaitQueue}: the links live in the waiter itself
 * (intrusive list), so enqueue, dequeue and removal of a cancelled waiter are O(1) and
 * allocate nothing.
 */
export interface Waiter {
  prev: Waiter | undefined
  next: Waiter | undefined
  /** True while linked in a queue. */
  linked: boolean
  /** The waker of the waiter's most recent poll (rule 1). */
  waker: Waker | undefined
}

/** FIFO queue of waiters with O(1) removal from the middle. */
export class WaitQueue<W extends Waiter> {
  #head: W | undefined
  #tail: W | undefined
  #length = 0

  get length(): number {
    return this.#length
  }

  get head(): W | undefined {
    return this.#head
  }

  push(w: W): void {
    w.prev = this.#tail
    w.next = undefined
    if (this.#tail === undefined) this.#head = w
    else this.#tail.next = w
    this.#tail = w
    w.linked = true
    this.#length++
  }

  shift(): W | undefined {
    const w = this.#head
    if (w !== undefined) this.remove(w)
    return w
  }

  /** Unlink `w`; a no-op when it is not linked. */
  remove(w: W): void {
    if (!w.linked) return
    const { prev, next } = w
    if (prev === undefined) this.#head = next as W | undefined
    else prev.next = next
    if (next === undefined) this.#tail = prev as W | undefined
    else next.prev = prev
    w.prev = w.next = undefined
    w.linked = false
    this.#length--
  }
}
