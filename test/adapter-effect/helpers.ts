import { FutureBase, Pending, type Context, type Future, type Poll, type Waker } from "@pollable/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

/** Wraps a future and counts polls and cancels. */
export class Tracked<T, E> extends FutureBase<T, E> {
  polls = 0
  cancels = 0
  constructor(readonly inner: Future<T, E>) {
    super()
  }
  get label(): string {
    return "tracked"
  }
  protected step(cx: Context): Poll<T> {
    this.polls++
    return this.inner.poll(cx)
  }
  protected onCancel(): void {
    this.cancels++
    this.inner.cancel()
  }
}

/** A future completed by hand: `resolve`/`reject` wake the latest waker. */
export class Manual<T, E = never> extends FutureBase<T, E> {
  polls = 0
  cancels = 0
  #waker: Waker | undefined
  #result: { ok: true; v: T } | { ok: false; e: E } | undefined
  get label(): string {
    return "manual"
  }
  get waiting(): boolean {
    return this.#waker !== undefined
  }
  resolve(v: T): void {
    this.#result = { ok: true, v }
    this.#wake()
  }
  reject(e: E): void {
    this.#result = { ok: false, e }
    this.#wake()
  }
  #wake(): void {
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }
  protected step(cx: Context): Poll<T> {
    this.polls++
    const r = this.#result
    if (r === undefined) {
      this.#waker = cx.waker
      return Pending
    }
    if (r.ok) return r.v
    throw r.e
  }
  protected onCancel(): void {
    this.cancels++
    this.#waker = undefined
  }
}

/** Run an Effect with `TestClock` (what `@effect/vitest`'s `it.effect` would do). */
export const runTest = <A, E>(program: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(Effect.provide(program, TestClock.layer()))

export class MyError extends Error {
  readonly _tag = "MyError"
}
