import type { ErrorOf, Future, Pollable, ValueOf } from "../contracts/future.js"
import { mulberry32 } from "../internal/mulberry32.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkIterable } from "../internal/check.js"
import { checkOwnedFutures } from "./owned-futures.js"
import { FutureBase } from "../future-base.js"
import { FanIn, type FanInSink } from "./fan-in.js"
import { beginCollect, endCollect } from "../fault/teardown.js"
import { idleFuture } from "../internal/idle-future.js"

/** The wrapper of the idle `Select` (never called). */
const idleWrap = (_i: number, v: never): never => v
import type { WaitDescription } from "../introspect/describe-wait.js"

/**
 * The pseudo-random draw that breaks ties in a fair select: mulberry32 over one module-level
 * state, seeded with a constant, so a program makes the same draws on every run. Advanced only
 * when a fair select of two or more futures is first polled.
 */
const draw: { random: (() => number) | undefined } = { random: undefined }
const nextStart = (n: number): number => Math.floor((draw.random ??= mulberry32(0x2545f491))() * n)

/**
 * Re-seed the draws that break ties in `selectFair` and `selectAll(…, { fair: true })` (exported from
 * `@pollable/core/testing`): after `seedSelect(n)` the same program makes the same choices.
 * @throws InvalidArgument when `seed` is not a finite number.
 */
export function seedSelect(seed: number): void {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new InvalidArgument(
      "seedSelect(seed)",
      `expected a finite number, got ${String(seed)}`,
      "pass any number; the same seed gives the same draws",
    )
  }
  draw.random = mulberry32(seed)
}

/**
 * Which future won a {@link select}, and its value: for a tuple, a union with one member
 * per position (`{ index: 0; value: A } | { index: 1; value: B }`), so checking `index`
 * narrows `value`; for an array of unknown length, `{ index: number; value: T }`.
 */
export type Selected<Fs extends readonly Future<any, any>[]> = number extends Fs["length"]
  ? { readonly index: number; readonly value: ValueOf<Fs[number]> }
  : {
      [K in keyof Fs]: K extends `${infer N extends number}`
        ? { readonly index: N; readonly value: ValueOf<Fs[K]> }
        : never
    }[number]

/** @internal First to settle wins; losers are cancelled. */
class Select<T, E, R> extends FutureBase<R, E> implements FanInSink<T> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Select<never, never, never> | null | undefined
  readonly #fan: FanIn<T>
  readonly #n: number
  #won = -1
  /** Fair select: the children were rotated by this much at the first poll (index i is argument (i + offset) % n). */
  #offset = 0
  #started = false
  #value: T | undefined
  constructor(
    /** Owned from here on (a rest-parameter array or `Array.from` copy): the fan-in empties it. */
    futures: Future<T, unknown>[],
    readonly name: string,
    readonly wrap: (index: number, value: T) => R,
    readonly biased: boolean,
  ) {
    super()
    if (futures.length === 0) {
      throw new InvalidArgument(`${name}()`, "no futures given, so nothing could ever win", "pass at least one future")
    }
    checkOwnedFutures(name, futures)
    this.#fan = new FanIn(futures, true)
    this.#n = futures.length
    if (Select.#idle === undefined) {
      Select.#idle = null
      Select.#idle = new Select([idleFuture], "select", idleWrap, false)
    }
  }
  get label(): string {
    return `${this.name}(${this.#n} futures)`
  }
  /** The children still racing (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return this.#fan.children
  }
  protected step(cx: Context): Poll<R> {
    const fan = this.#fan
    if (!this.#started) {
      this.#started = true
      // fair: start the first pass at a drawn argument, so no position wins every tie
      if (!this.biased && this.#n > 1) {
        const k = nextStart(this.#n)
        if (k > 0) {
          const cs = fan.children
          const head = cs.splice(0, k)
          cs.push(...head)
          this.#offset = k
        }
      }
    }
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
    this.#won = this.#offset === 0 ? i : (i + this.#offset) % this.#n
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
 * fails with its error (and the others are cancelled too).
 *
 * **Ties go to the earliest argument** (tokio's `biased;`), unlike tokio's and futures'
 * `select!`, which draw at random. The choice is deliberate: argument order is priority
 * (`select(shutdown.cancelled(), jobs.next())` always sees shutdown first), results do not
 * depend on a random draw, and JavaScript's `Promise.race` also favours the earlier entry.
 * When one branch can be ready on every poll and would starve the others, use
 * {@link selectFair}: ties go to a drawn position.
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
): Pollable<Selected<Fs>, ErrorOf<Fs[number]>> =>
  new Select(futures as unknown as Future<any, unknown>[], "select", withIndex, true) as unknown as FutureBase<
    Selected<Fs>,
    ErrorOf<Fs[number]>
  >

/**
 * {@link select} that is fair, like tokio's and futures' `select!`: ties go to a
 * pseudo-randomly drawn position, so no position wins every tie and an always-ready branch
 * cannot starve the others. The draws come from a fixed-seed generator (the same choices on
 * every run; `seedSelect(n)` from `@pollable/core/testing` re-seeds it) and happen at the
 * first poll. Only ties are affected: a future ready alone always wins, and `index` is always
 * the argument's position.
 * @remarks Cancel safety: as {@link select}.
 * @throws InvalidArgument when given no futures, something that is not a future, or the same future twice.
 */
export const selectFair = <const Fs extends readonly Future<any, any>[]>(
  ...futures: Fs
): Pollable<Selected<Fs>, ErrorOf<Fs[number]>> =>
  new Select(futures as unknown as Future<any, unknown>[], "selectFair", withIndex, false) as unknown as FutureBase<
    Selected<Fs>,
    ErrorOf<Fs[number]>
  >

/**
 * {@link select} over an iterable: `{ index, value }` of the first to finish. Ties go to the
 * earliest; pass `{ fair: true }` to draw them as {@link selectFair} does.
 * @remarks Cancel safety: as {@link select}.
 * @throws InvalidArgument when given no futures, something that is not a future, or the same future twice.
 */
export const selectAll = <T, E>(
  futures: Iterable<Future<T, E>>,
  options?: { readonly fair?: boolean | undefined },
): Pollable<{ readonly index: number; readonly value: T }, E> => {
  const fair = options?.fair ?? false
  if (typeof fair !== "boolean") {
    throw new InvalidArgument(
      "selectAll(futures, { fair })",
      `expected a boolean, got ${typeof fair}`,
      "pass true to draw ties fairly, or leave it out",
    )
  }
  return new Select(checkIterable("selectAll(futures)", futures) as Future<T, E>[], "selectAll", withIndex, !fair)
}

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
): Pollable<ValueOf<Fs[number]>, ErrorOf<Fs[number]>> =>
  new Select(futures as unknown as Future<any, unknown>[], "race", valueOnly, true) as unknown as FutureBase<
    ValueOf<Fs[number]>,
    ErrorOf<Fs[number]>
  >
