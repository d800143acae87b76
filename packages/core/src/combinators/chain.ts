import type { Future, Pollable } from "../contracts/future.js"
import { cancelQuietly } from "../fault/teardown.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction, checkFuture } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { RUNNING } from "../internal/state.js"
import { idleFuture } from "../internal/idle-future.js"
import type { WaitDescription } from "../introspect/describe-wait.js"

/** A continuation that maps a value (`map`). */
const MAP = 0 as const
/** A continuation that maps a value to a future to flatten (`andThen`). */
const AND_THEN = 1 as const
type Kind = typeof MAP | typeof AND_THEN

/** A continuation: {@link MAP} or {@link AND_THEN}. Persistent list, last-applied first. */
interface Cont {
  readonly f: (v: any) => any
  readonly kind: Kind
  readonly next: Cont | undefined
}

/** The continuation of the idle `Chain`. */
const idleCont: Cont = { f: (v: unknown) => v, kind: MAP, next: undefined }

/**
 * `map` and `andThen` as one trampolined chain.
 *
 * Building `andThen(andThen(a, f), g)` re-associates in O(1) into one chain over `a` with
 * the continuations [f, g], and a continuation that returns another unstarted chain has
 * its steps spliced in. So a chain of 1e5 steps, however nested, is polled by one loop
 * with a constant stack depth, and a ready step costs one function call.
 * @internal
 */
class Chain<T, E> extends FutureBase<T, E> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Chain<never, never> | null | undefined
  #current: Future<any, any>
  #conts: Cont | undefined
  #stack: Cont[] | undefined
  /** What the caller built last (the label; `#conts` is consumed at the first poll). */
  readonly #kind: Kind

  constructor(source: Future<any, any>, conts: Cont) {
    super()
    this.#current = source
    this.#conts = conts
    this.#kind = conts.kind
    if (Chain.#idle === undefined) {
      Chain.#idle = null
      Chain.#idle = new Chain(idleFuture, idleCont)
    }
  }

  get label(): string {
    return this.#kind === MAP ? "map()" : "andThen()"
  }
  /** The step it is waiting on (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return [this.#current]
  }

  static extend<T, E>(source: Future<any, any>, f: (v: any) => any, kind: Kind): Chain<T, E> {
    if (source instanceof Chain && source.#stack === undefined && source.state === RUNNING) {
      return new Chain(source.#current, { f, kind, next: source.#conts })
    }
    return new Chain(source, { f, kind, next: undefined })
  }

  protected step(cx: Context): Poll<T> {
    let stack = this.#stack
    if (stack === undefined) {
      stack = this.#stack = []
      Chain.#push(stack, this.#conts)
      this.#conts = undefined
    }
    let cur = this.#current
    for (;;) {
      const r = cur.poll(cx)
      if (r === Pending) return Pending
      let v: any = r
      for (;;) {
        const k = stack.pop()
        if (k === undefined) return v as T
        if (k.kind === MAP) {
          v = k.f(v)
          continue
        }
        let next = k.f(v) as Future<any, any>
        if (typeof next?.poll !== "function") {
          throw new InvalidArgument(
            "andThen(future, fn)",
            `fn returned ${next === null ? "null" : typeof next}, not a future`,
            "return a future from fn (wrap a plain value in ready(value), or use map)",
          )
        }
        if (next instanceof Chain && next.#stack === undefined && next.state === RUNNING) {
          // the list is last-applied first, so pushing in order leaves its first step on top
          Chain.#push(stack, next.#conts)
          next = next.#current
        }
        cur = this.#current = next
        break
      }
    }
  }

  /**
   * Push the links of `conts` onto `stack`. A function of its own that returns right after its
   * loop: a chain of 100,000 links makes V8 compile the loop while it runs (on-stack
   * replacement) and reuse that code on later calls, and a store after the loop that had not
   * run yet when it was compiled deoptimized it at the end of every call.
   */
  static #push(stack: Cont[], conts: Cont | undefined): void {
    for (let c = conts; c !== undefined; c = c.next) stack.push(c)
  }

  protected onCancel(): void {
    cancelQuietly(this.#current)
    this.#stack = undefined
    this.#conts = undefined
  }
}

/**
 * Transform the value of `future` with `fn` (runs synchronously when it completes).
 * A throw from `fn` is the new future's failure; a failure of `future` skips `fn`.
 * @remarks Cancel safety: cancels `future`.
 * @throws InvalidArgument when `future` is not a future or `fn` is not a function.
 * @example
 * ```ts
 * const len = map(fetchPage(1), (html) => html.length)   // Future<number, FetchError>
 * ```
 */
export const map = <T, U, E>(future: Future<T, E>, fn: (value: T) => U): Pollable<U, E> => {
  checkFuture("map(future, fn)", future)
  checkFunction("map(future, fn)", fn)
  return Chain.extend<U, E>(future, fn, MAP)
}

/**
 * Run `fn` on the value of `future` and continue with the future it returns (flattening).
 * Chains of any depth — nested left or right — poll in constant stack space.
 * The failure type is the union of both futures'.
 * @remarks Cancel safety: cancels whichever future is running.
 * @throws InvalidArgument when `future` is not a future or `fn` is not a function (at call time) or returns something
 * that is not a future (at poll).
 * @example
 * ```ts
 * const user = andThen(fetchSession(), (s) => fetchUser(s.userId))   // Future<User, SessionError | UserError>
 * ```
 */
export const andThen = <T, U, E, E2>(future: Future<T, E>, fn: (value: T) => Future<U, E2>): Pollable<U, E | E2> => {
  checkFuture("andThen(future, fn)", future)
  checkFunction("andThen(future, fn)", fn)
  return Chain.extend<U, E | E2>(future, fn, AND_THEN)
}
