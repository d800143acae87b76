// Test helpers for stream tests: a hand-driven source stream that records what happened to it.
import { Done, Pending, StreamBase, type Context, type Waker } from "@pollable/core"

/** A stream the test pushes into; it records polls, cancels and the waker it holds. */
export class Source<T> extends StreamBase<T, Error> {
  readonly items: T[] = []
  ended = false
  error: Error | undefined
  polls = 0
  cancels = 0
  waker: Waker | undefined
  get label(): string {
    return "Source"
  }
  push(...xs: T[]): void {
    this.items.push(...xs)
    this.#wake()
  }
  end(): void {
    this.ended = true
    this.#wake()
  }
  fail(e: Error): void {
    this.error = e
    this.#wake()
  }
  #wake(): void {
    const w = this.waker
    this.waker = undefined
    w?.wake()
  }
  protected step(cx: Context): T | typeof Done | typeof Pending {
    this.polls++
    if (this.error !== undefined) throw this.error
    if (this.items.length > 0) return this.items.shift() as T
    if (this.ended) return Done
    this.waker = cx.waker
    return Pending
  }
  /** A cancelled `next()` releases its registration (rule 4); the items stay. */
  protected override onDropWaker(waker: Waker): void {
    if (this.waker === waker) this.waker = undefined
  }
  protected onCancel(): void {
    this.cancels++
    this.waker = undefined
  }
}
