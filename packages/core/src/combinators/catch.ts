import type { Result } from "../contracts/executor.js"
import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction, checkFuture, describeArgument } from "../internal/check.js"
import { cancelQuietly } from "../fault/teardown.js"
import { FutureBase } from "../future-base.js"
import { labelOf } from "../internal/label.js"
import { isFailure } from "../outcome.js"

/** The tags of the members of `E` that have a `readonly _tag: string`. */
export type TagOf<E> = E extends { readonly _tag: infer K extends string } ? K : never

/** The members of `E` whose `_tag` is `K`. */
export type WithTag<E, K extends string> = Extract<E, { readonly _tag: K }>

/** `E` without the members whose `_tag` is `K`: what is left after `catchTag(f, K, …)`. */
export type WithoutTag<E, K extends string> = Exclude<E, { readonly _tag: K }>

const CATCH = 0
const CATCH_TAG = 1
const MAP_ERROR = 2
const RESULT = 3
const NAMES = ["catchError", "catchTag", "mapError", "result"] as const

/**
 * One class behind catchError, catchTag, mapError and result: poll the source; on a failure
 * (see {@link isFailure}) apply the mode; once a handler's future took over, poll that.
 * @internal
 */
class OnFailure<T, E> extends FutureBase<T, E> {
  #current: Future<any, any>
  /** The handler or mapping function; `undefined` once used (a handler runs at most once). */
  #fn: ((error: any) => any) | undefined
  readonly #mode: 0 | 1 | 2 | 3
  readonly #tag: string | undefined

  constructor(
    source: Future<any, any>,
    mode: 0 | 1 | 2 | 3,
    fn: ((error: any) => any) | undefined,
    tag: string | undefined,
  ) {
    super()
    this.#current = source
    this.#mode = mode
    this.#fn = fn
    this.#tag = tag
  }

  get label(): string {
    return `${NAMES[this.#mode]}(${labelOf(this.#current)})`
  }

  protected step(cx: Context): Poll<T> {
    let r: unknown
    try {
      r = this.#current.poll(cx)
    } catch (e) {
      const fn = this.#fn
      // the handler's future failed, or a failure this combinator does not handle: pass it on
      if (fn === undefined || !isFailure(e)) throw e
      const mode = this.#mode
      if (mode === CATCH_TAG && !hasTag(e, this.#tag as string)) throw e
      this.#fn = undefined
      if (mode === RESULT) return fn(e) as T
      if (mode === MAP_ERROR) throw fn(e)
      return OnFailure.#switch(this, fn(e), cx)
    }
    if (r === Pending) return Pending
    return this.#mode === RESULT ? ({ _tag: "Success", value: r } as T) : (r as T)
  }

  /** Continue with the future the handler returned (catchError, catchTag). */
  // static: an instance private method would cost every object a hidden brand slot
  static #switch<T, E>(g: OnFailure<T, E>, next: Future<any, any>, cx: Context): Poll<T> {
    if (typeof next?.poll !== "function") {
      throw new InvalidArgument(
        `${NAMES[g.#mode]}(future, …, handler)`,
        `handler returned ${next === null ? "null" : typeof next}, not a future`,
        "return a future from the handler (wrap a plain value in ready(value), or fail(e) to fail)",
      )
    }
    // the handler cancelled this future (e.g. it cancelled the task it runs in): start nothing
    if (g.state === 2) {
      cancelQuietly(next)
      return Pending
    }
    g.#current = next
    return next.poll(cx) as Poll<T>
  }

  protected onCancel(): void {
    this.#fn = undefined
    // rule 8: a throwing teardown is reported, never thrown at the canceller
    cancelQuietly(this.#current)
  }
}

const hasTag = (e: unknown, tag: string): boolean =>
  typeof e === "object" && e !== null && (e as { readonly _tag?: unknown })._tag === tag

/**
 * Recover from a failure of `future`: the future `handler` returns replaces it. The result
 * has the success types of both and the error type of the handler's future only — every
 * failure of `future` was handled.
 *
 * Only failures reach the handler: a thrown `Interrupted` (the third outcome, rule 6),
 * pollable's misuse errors (`PollAfterReady`, `MissingCapability`, `InvalidArgument`, bugs
 * in the calling code) and defects from another runtime (`EffectDefect`) pass through
 * unchanged, as they do through `toEffect` — none of them is part of `E`.
 *
 * @remarks Cancel safety: cancels whichever future is running — `future`, or the handler's
 * once it took over. The handler runs at most once, synchronously inside a poll.
 * @throws InvalidArgument when `future` is not a future or `handler` is not a function (at
 * call time), or the handler returns something that is not a future (at poll).
 * @example
 * ```ts
 * const page = catchError(getPage(1), (e) => ready(`unavailable: ${e.message}`))   // Pollable<string, never>
 * ```
 */
export function catchError<T, E, T2, E2>(
  future: Future<T, E>,
  handler: (error: E) => Future<T2, E2>,
): Pollable<T | T2, E2> {
  checkFuture("catchError(future, handler)", future)
  checkFunction("catchError(future, handler)", handler)
  return new OnFailure<T | T2, E2>(future, CATCH, handler, undefined)
}

/**
 * Recover from the failures of `future` whose `_tag` is `tag`: `handler` gets exactly those
 * (typed as the members of `E` with that tag) and its future replaces the failure. Every
 * other failure passes through. The error type loses exactly the members tagged `tag` and
 * gains the handler's.
 *
 * Works with pollable's errors (each has a `readonly _tag` equal to its name) and with your
 * own classes that declare one: `class NotFound extends Error { readonly _tag = "NotFound" }`
 * (`readonly` keeps the literal type; a mutable `_tag` is a `string`, and nothing can be
 * removed by it).
 *
 * @remarks Cancel safety: cancels whichever future is running — `future`, or the handler's
 * once it took over. `Interrupted` and misuse errors pass through (see {@link catchError}).
 * @throws InvalidArgument when `future` is not a future, `tag` is not a non-empty string or
 * `handler` is not a function (at call time), or the handler returns something that is not a future (at poll).
 * @example
 * ```ts
 * const page = catchTag(getPage(1), "NotFound", () => ready(""))
 * // getPage: Pollable<string, NotFound | TimeoutError>  →  Pollable<string, TimeoutError>
 * ```
 */
export function catchTag<T, E, const K extends TagOf<E>, T2, E2 = never>(
  future: Future<T, E>,
  tag: K,
  handler: (error: WithTag<E, K>) => Future<T2, E2>,
): Pollable<T | T2, WithoutTag<E, K> | E2> {
  checkFuture("catchTag(future, tag, handler)", future)
  if (typeof tag !== "string" || tag === "") {
    throw new InvalidArgument(
      "catchTag(future, tag, handler)",
      `tag must be a non-empty string, got ${typeof tag === "string" ? "an empty string" : describeArgument(tag)}`,
      'pass the _tag of the error to catch, e.g. "TimeoutError"',
    )
  }
  checkFunction("catchTag(future, tag, handler)", handler)
  return new OnFailure<T | T2, WithoutTag<E, K> | E2>(future, CATCH_TAG, handler, tag)
}

/**
 * Transform the failure of `future` with `fn`; its value passes through. A throw from `fn`
 * is the new failure. `Interrupted` and misuse errors pass through unchanged (see
 * {@link catchError}).
 * @remarks Cancel safety: cancels `future`.
 * @throws InvalidArgument when `future` is not a future or `fn` is not a function.
 * @example
 * ```ts
 * const page = mapError(getPage(1), (e) => new PageUnavailable(1, { cause: e }))   // Pollable<string, PageUnavailable>
 * ```
 */
export function mapError<T, E, E2>(future: Future<T, E>, fn: (error: E) => E2): Pollable<T, E2> {
  checkFuture("mapError(future, fn)", future)
  checkFunction("mapError(future, fn)", fn)
  return new OnFailure<T, E2>(future, MAP_ERROR, fn, undefined)
}

/**
 * A future that cannot fail: it completes with `{ _tag: "Success", value }` or
 * `{ _tag: "Failure", error }`, the failure held as a value typed `E`.
 *
 * Interruption is not a failure (rule 6): a thrown `Interrupted` passes through, as do
 * misuse errors (see {@link catchError}). To see all three outcomes as values, use `settle`.
 * @remarks Cancel safety: cancels `future`.
 * @throws InvalidArgument when `future` is not a future.
 * @example
 * ```ts
 * const r = yield* result(getPage(1))
 * if (r._tag === "Failure") log(r.error)   // r.error: NotFound | TimeoutError
 * else render(r.value)
 * ```
 */
export const result = <T, E>(future: Future<T, E>): Pollable<Result<T, E>, never> => {
  checkFuture("result(future)", future)
  return new OnFailure(future, RESULT, heldFailure, undefined)
}

const heldFailure = <E>(error: E): Result<never, E> => ({ _tag: "Failure", error })
