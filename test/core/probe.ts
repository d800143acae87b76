import { Pending, type Context, type Future, type Poll, type Waker } from "@pollable/core"

/**
 * A hand-written future the test controls: `resolve(v)` / `reject(e)` complete it (and wake
 * the latest waker), and it records polls, cancels and the waker it holds — so tests can
 * check rule 1 (latest waker), rule 4 (nothing stays registered) and rule 7 (laziness).
 */
export class Probe<T = number, E = Error> implements Future<T, E> {
  declare readonly "~error"?: E
  polls = 0
  cancels = 0
  waker: Waker | undefined
  #result: { ok: true; v: T } | { ok: false; e: E } | undefined
  #done = false

  constructor(readonly name = "probe") {}

  resolve(v: T): void {
    this.#result = { ok: true, v }
    this.#wake()
  }
  reject(e: E): void {
    this.#result = { ok: false, e }
    this.#wake()
  }
  #wake(): void {
    const w = this.waker
    this.waker = undefined
    w?.wake()
  }
  get done(): boolean {
    return this.#done
  }
  /** Registered: holds a waker and was not cancelled or completed. */
  get registered(): boolean {
    return this.waker !== undefined
  }
  poll(cx: Context): Poll<T> {
    if (this.#done) throw new Error(`${this.name} polled after done`)
    if (this.cancels > 0) throw new Error(`${this.name} polled after cancel`)
    this.polls++
    const r = this.#result
    if (r === undefined) {
      this.waker = cx.waker
      return Pending
    }
    this.#done = true
    this.waker = undefined
    if (r.ok) return r.v
    throw r.e
  }
  cancel(): void {
    this.cancels++
    this.waker = undefined
  }
  toString(): string {
    return this.name
  }
}

export class Boom extends Error {
  readonly _tag = "Boom"
  constructor(msg = "boom") {
    super(msg)
  }
}
export class Bang extends Error {
  readonly _tag = "Bang"
}
