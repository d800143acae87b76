/**
 * A growable ring buffer used as the executor's run queue: O(1) push/shift, no
 * allocation in steady state (the backing array only grows, in powers of two).
 * @internal
 */
export class Ring<T> {
  #buf: (T | undefined)[]
  #head = 0
  #len = 0
  #mask: number

  constructor(capacityPow2 = 64) {
    this.#buf = new Array(capacityPow2)
    this.#mask = capacityPow2 - 1
  }

  get length(): number {
    return this.#len
  }

  push(v: T): void {
    // one slot stays free: the one just before the head, where `take` leaves its item
    if (this.#len >= this.#buf.length - 1) this.#grow()
    this.#buf[(this.#head + this.#len) & this.#mask] = v
    this.#len++
  }

  shift(): T | undefined {
    if (this.#len === 0) return undefined
    const v = this.#buf[this.#head]
    this.#buf[this.#head] = undefined
    this.#head = (this.#head + 1) & this.#mask
    this.#len--
    return v
  }

  /**
   * Remove and return the first item, like `shift`, but leave it readable as {@link taken}
   * until the next `take` or {@link release}: the executor's run loop takes the task it polls,
   * so the polled task is known without a store per poll.
   */
  take(): T | undefined {
    if (this.#len === 0) return undefined
    const head = this.#head
    const v = this.#buf[head]
    this.#buf[(head - 1) & this.#mask] = undefined
    this.#head = (head + 1) & this.#mask
    this.#len--
    return v
  }

  /** The item the last `take` removed, until {@link release}. */
  get taken(): T | undefined {
    return this.#buf[(this.#head - 1) & this.#mask]
  }

  /** Forget the item the last `take` removed (so the ring does not keep it alive). */
  release(): void {
    this.#buf[(this.#head - 1) & this.#mask] = undefined
  }

  /** The item `i` places behind the head (0: the next to shift), without removing it. */
  at(i: number): T | undefined {
    return i < this.#len ? this.#buf[(this.#head + i) & this.#mask] : undefined
  }

  #grow(): void {
    const old = this.#buf
    const n = old.length * 2
    const next = new Array<T | undefined>(n)
    for (let i = 0; i < this.#len; i++) next[i] = old[(this.#head + i) & this.#mask]
    // the taken item keeps its place just before the head
    next[n - 1] = old[(this.#head - 1) & this.#mask]
    this.#buf = next
    this.#head = 0
    this.#mask = n - 1
  }
}
