import { FutureBase, type Context, type Future, type Poll } from "@pollable/core"
import { ManualFuture } from "@pollable/core/testing"
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

/** A future completed by hand (`resolve`/`reject` wake the latest waker): `ManualFuture` labelled "manual". */
export class Manual<T, E = never> extends ManualFuture<T, E> {
  constructor() {
    super("manual")
  }
  /** Holds a waker: polled and pending. */
  get waiting(): boolean {
    return this.registered
  }
}

/** Run an Effect with `TestClock` (what `@effect/vitest`'s `it.effect` would do). */
export const runTest = <A, E>(program: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(Effect.provide(program, TestClock.layer()))

export class MyError extends Error {
  readonly _tag = "MyError"
}
