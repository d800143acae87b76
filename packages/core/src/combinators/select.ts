import type { ErrorOf, Future, ValueOf } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument, checkFutures, checkIterable } from "../errors.js"
import { findRepeat } from "../internal/repeat.js"
import { FutureBase } from "../future-base.js"
import { FanIn, type FanInSink } from "./fan-in.js"
import { beginCollect, endCollect } from "../fault/teardown.js"

/**
 * Which future won a {@link select}, and its value: for a tuple, a union with one member
 * per position (`{ index: 0; value: A } | { index: 1; value: B }`), so checking `index`
 * narrows `value`; for an array of unknown length, `{ index: number; value: T }`.
 */
export type Selected<Fs extends readonly Future<any, any>[]> = number extends Fs["length"]
  ? { readonly index: number; readonly value: ValueOf<Fs[number]> }
  : {
      [K in keyof Fs]: K extends `${infer N extends number}` ? { readonly index: N; readonly value: ValueOf<Fs[K]> } : never
    }[number]

/** @internal First to settle wins; losers are cancelled. */
class Select<T, E, R> extends FutureBase<R, E> implements FanInSink<T> {
  readonly #fan: FanIn<T>
  readonly #n: number
  #won = -1
  #value: T | undefined
  constructor(
    /** Owned from here on (a rest-parameter array or `Array.from` copy): the fan-in empties it. */
    futures: Future<T, unknown>[],
    readonly name: string,
    readonly wrap: (index: number, value: T) => R,
  ) {
    super()
    if (futures.length === 0) {
      throw new InvalidArgument(`${name}()`, "no futures given, so nothing could ever win", "pass at least one future")
    }
    checkFutures(`${name}()`, futures, findRepeat)
    this.#fan = new FanIn(futures, true)
    this.#n = futures.length
  }
  get label(): string {
    return `${this.name}(${this.#n} futures)`
  }
  protected step(cx: Context): Poll<R> {
    const fan = this.#fan
    fan.pollReady(cx, this)
    const won = this.#won
    if (won < 0) return Pending
    const value = this.#value as T
    this.#value = undefined
    fan.cancelAll()
    return this.wrap(won, value)
  }
  /** @internal */
  childReady(i: number, v: T): boolean {
    this.#won = i
    this.#value = v
    return true
  }
  /** @internal */
  childFailed(_i: number, e: unknown): void {
    // rule 8: the failure is the outcome; the losers' teardown errors travel with it
    const prev = beginCollect()
    try {
      this.#fan.cancelAll()
    } finally {
      endCollect(prev, e)
    }
    throw e
  }
  protected onCancel(): void {
    this.#fan.cancelAll()
  }
}

const withIndex = <T>(index: number, value: T) => ({ index, value })
const valueOnly = <T>(_i: number, value: T) => value

/**
 * Wait for the first of the futures to finish; the others are cancelled (rule 4). The
 * result says which won: `{ index, value }`. If the first to finish failed, `select`
 * fails with its error (and the others are cancelled too). Ties — several futures ready
 * in the same poll — go to the earliest argument.
 * @remarks Cancel safety: cancelling the select cancels every future. A loser's value is
 * never consumed: a loser that was ready is cancelled without being polled again. A loser
 * whose teardown throws never costs the winner its value: the teardown error is reported
 * (or, when `select` fails, attached to the failure as `suppressed`), and every other loser
 * is still cancelled.
 * @throws InvalidArgument when given no futures, something that is not a future, or the same future twice.
 * @example
 * ```ts
 * const r = yield* select(fetchPage(1), sleep(1000))
 * if (r.index === 0) use(r.value)                    // narrowed to the page
 * ```
 */
export const select = <const Fs extends readonly Future<any, any>[]>(
  ...futures: Fs
): FutureBase<Selected<Fs>, ErrorOf<Fs[number]>> =>
  new Select(futures as unknown as Future<any, unknown>[], "select", withIndex) as unknown as FutureBase<Selected<Fs>, ErrorOf<Fs[number]>>

/**
 * {@link select} over an iterable: `{ index, value }` of the first to finish.
 * @remarks Cancel safety: as {@link select}.
 * @throws InvalidArgument when given no futures, something that is not a future, or the same future twice.
 */
export const selectAll = <T, E>(
  futures: Iterable<Future<T, E>>,
): FutureBase<{ readonly index: number; readonly value: T }, E> => new Select(checkIterable("selectAll(futures)", futures) as Future<T, E>[], "selectAll", withIndex)

/**
 * Like {@link select} but gives only the winner's value.
 * @remarks Cancel safety: as {@link select}.
 * @throws InvalidArgument when given no futures, something that is not a future, or the same future twice.
 * @example
 * ```ts
 * const page = yield* race(fetchFrom(mirrorA), fetchFrom(mirrorB))
 * ```
 */
export const race = <const Fs extends readonly Future<any, any>[]>(
  ...futures: Fs
): FutureBase<ValueOf<Fs[number]>, ErrorOf<Fs[number]>> =>
  new Select(futures as unknown as Future<any, unknown>[], "race", valueOnly) as unknown as FutureBase<ValueOf<Fs[number]>, ErrorOf<Fs[number]>>
