import type { Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import { FutureBase } from "../future-base.js"

/** @internal */
class Fail<E> extends FutureBase<never, E> {
  constructor(readonly error: E) {
    super()
  }
  get label(): string {
    const e = this.error as { readonly _tag?: unknown; readonly name?: unknown } | null | undefined
    const name = typeof e?._tag === "string" ? e._tag : typeof e?.name === "string" ? e.name : typeof e
    return `fail(${name})`
  }
  protected step(): Poll<never> {
    throw this.error
  }
  protected onCancel(): void {}
}

/**
 * A future that fails with `error` at its first poll: the typed way to fail. Its type is
 * `Pollable<never, typeof error>`, so `yield* fail(new NotFound())` inside `gen` adds
 * `NotFound` to the gen's error type, and `return yield* fail(e)` ends the body.
 *
 * A bare `throw` inside a gen fails the future just the same at run time, but TypeScript
 * cannot see it: the thrown type does not reach the gen's error type, nor `toEffect`'s
 * error channel. Use `yield* fail(e)` for every failure your callers should handle.
 *
 * @remarks Lazy (rule 7): nothing is thrown until the first poll. Cancel safety: nothing to release.
 * @example
 * ```ts
 * class NotFound extends Error { readonly _tag = "NotFound" }
 * const getPage = (n: number): Pollable<string, NotFound> =>
 *   gen(function* () {
 *     const page = yield* lookup(n)            // Pollable<string | undefined, never>
 *     if (page === undefined) return yield* fail(new NotFound())
 *     return page
 *   })
 * ```
 */
export const fail = <E>(error: E): Pollable<never, E> => new Fail(error)
