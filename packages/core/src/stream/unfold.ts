import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction } from "../internal/check.js"
import { StreamBase } from "./stream-base.js"
import { cancelQuietly } from "../fault/teardown.js"

class Unfold<S, T, E> extends StreamBase<T, E> {
  #state: S
  #current: Future<readonly [T, S] | undefined, E> | undefined
  constructor(
    init: S,
    readonly f: (state: S) => Future<readonly [T, S] | undefined, E>,
  ) {
    super()
    this.#state = init
  }
  get label(): string {
    return `unfold(${this.f.name || "anonymous"})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    let cur = this.#current
    if (cur === undefined) cur = this.#current = this.f(this.#state)
    const r = cur.poll(cx)
    if (r === Pending) return Pending
    this.#current = undefined
    if (r === undefined) return Done
    this.#state = r[1]
    return r[0]
  }
  protected onCancel(): void {
    const cur = this.#current
    this.#current = undefined
    if (cur !== undefined) cancelQuietly(cur)
  }
}

/**
 * A stream built from a state and a step: `f(state)` is a future of `[item, nextState]`,
 * or of `undefined` to end the stream. The next step starts only when the next item is
 * polled for.
 *
 * @example
 * ```ts
 * const pages = stream.unfold(1, (n) => map(fetchPage(n), (p) => (p.last ? undefined : [p, n + 1] as const)))
 * ```
 * @throws InvalidArgument when `f` is not a function.
 * @remarks Cancel safety: cancelling cancels the step future in flight. Cancelling a
 * `next()` keeps that step future running for the next poll, so no item is lost; what it
 * registered (a timer, a listener) stays until it completes or the stream is cancelled — a
 * future cannot un-register — but it holds only `next()`'s dead relay, never the caller's waker.
 */
export function unfold<S, T, E = never>(
  init: S,
  f: (state: S) => Future<readonly [T, S] | undefined, E>,
): StreamBase<T, E> {
  checkFunction("stream.unfold(init, f)", f)
  return new Unfold(init, f)
}
