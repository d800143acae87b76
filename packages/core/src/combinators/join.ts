import type { ErrorOf, Future, Pollable, ValueOf } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { checkIterable } from "../internal/check.js"
import { checkOwnedFutures } from "./owned-futures.js"
import { FutureBase } from "../future-base.js"
import { FanIn, type FanInSink } from "./fan-in.js"
import { beginCollect, endCollect } from "../fault/teardown.js"
import type { WaitDescription } from "../introspect/describe-wait.js"

/** The tuple of values of a tuple of futures. */
export type JoinValues<Fs extends readonly Future<any, any>[]> = { -readonly [K in keyof Fs]: ValueOf<Fs[K]> }

/**
 * @internal Join policy: `settle` waits for every child even after a failure; `fast` cancels the rest on the first
 * failure.
 */
class Join<T, E> extends FutureBase<T[], E> implements FanInSink<T> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Join<never, never> | null | undefined
  readonly #fan: FanIn<T>
  readonly #values: T[]
  #error: { e: unknown } | undefined
  constructor(
    /** Owned from here on (a rest-parameter array or `Array.from` copy): the fan-in empties it. */
    futures: Future<T, unknown>[],
    readonly failFast: boolean,
    readonly name: string,
  ) {
    super()
    checkOwnedFutures(name, futures)
    this.#fan = new FanIn(futures)
    this.#values = new Array(futures.length)
    if (Join.#idle === undefined) {
      Join.#idle = null
      Join.#idle = new Join([], false, "join")
    }
  }
  get label(): string {
    return `${this.name}(${this.#values.length} futures)`
  }
  /** The children still running (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return this.#fan.children
  }
  protected step(cx: Context): Poll<T[]> {
    const fan = this.#fan
    fan.pollReady(cx, this)
    if (fan.live > 0) return Pending
    fan.cx = undefined
    fan.parent = undefined
    if (this.#error !== undefined) throw this.#error.e
    return this.#values
  }
  protected onCancel(): void {
    this.#fan.cancelAll()
  }
  /** @internal */
  childReady(i: number, v: T): void {
    this.#values[i] = v
  }
  /** @internal */
  childFailed(_i: number, e: unknown): void {
    if (this.#error === undefined) this.#error = { e }
    if (this.failFast) {
      // rule 8: the first failure is the outcome; the siblings' teardown errors travel with it
      const prev = beginCollect()
      try {
        this.#fan.cancelAll()
      } finally {
        endCollect(prev, e)
      }
      throw e
    }
  }
}

/**
 * Wait for every future; the value is the tuple of their values, in argument order.
 * Only the children whose wakers fired are polled again, so a wake among many costs one poll.
 *
 * If one fails, `join` keeps polling the others until they all finish (none is
 * interrupted halfway), then throws the first failure. Use {@link tryJoin} to cancel the
 * rest at the first failure instead.
 * @remarks Cancel safety: cancelling the join cancels every unfinished future.
 * @throws InvalidArgument when an argument is not a future, or the same future is given twice.
 * @example
 * ```ts
 * const [user, posts] = yield* join(fetchUser(id), fetchPosts(id))   // typed tuple
 * ```
 */
export const join = <const Fs extends readonly Future<any, any>[]>(
  ...futures: Fs
): Pollable<JoinValues<Fs>, ErrorOf<Fs[number]>> =>
  new Join(futures as unknown as Future<any, unknown>[], false, "join") as unknown as FutureBase<
    JoinValues<Fs>,
    ErrorOf<Fs[number]>
  >

/**
 * {@link join} over an iterable of any length; values in input order.
 * @remarks Cancel safety: cancelling it cancels every unfinished future.
 * @throws InvalidArgument when `futures` is not iterable (a Promise, a plain object), holds
 * something that is not a future, or holds the same future twice.
 */
export const joinAll = <T, E>(futures: Iterable<Future<T, E>>): Pollable<T[], E> =>
  new Join<T, E>(checkIterable("joinAll(futures)", futures) as Future<T, E>[], false, "joinAll")

/**
 * Wait for every future, failing fast: the first failure cancels all the others and is
 * rethrown — with any teardown error of those others attached as `suppressed`.
 * @remarks Cancel safety: cancelling it cancels every unfinished future. A value that a
 * sibling had already produced is dropped with the join when another fails: if a sibling
 * consumes something to produce it (a message taken by `rx.recv()`), that message is gone.
 * When each value must survive a sibling's failure, use {@link join} and look at each
 * outcome, or wrap the consuming future in `result(...)`.
 * @throws InvalidArgument when an argument is not a future, or the same future is given twice.
 * @example
 * ```ts
 * const [a, b] = yield* tryJoin(upload(partA), upload(partB))   // one fails → the other is cancelled
 * ```
 */
export const tryJoin = <const Fs extends readonly Future<any, any>[]>(
  ...futures: Fs
): Pollable<JoinValues<Fs>, ErrorOf<Fs[number]>> =>
  new Join(futures as unknown as Future<any, unknown>[], true, "tryJoin") as unknown as FutureBase<
    JoinValues<Fs>,
    ErrorOf<Fs[number]>
  >

/**
 * {@link tryJoin} over an iterable of any length.
 * @remarks Cancel safety: cancelling it, or a failure, cancels every unfinished future.
 * @throws InvalidArgument as {@link joinAll}.
 */
export const tryJoinAll = <T, E>(futures: Iterable<Future<T, E>>): Pollable<T[], E> =>
  new Join<T, E>(checkIterable("tryJoinAll(futures)", futures) as Future<T, E>[], true, "tryJoinAll")
