import type { Future, Pollable } from "../contracts/future.js"
import { cancelQuietly, cancelWith, wakeQuietly } from "../fault/teardown.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { Interrupted } from "../errors.js"
import { checkFuture, checkSignal } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { labelOf } from "../internal/label.js"

class Abortable<T, E> extends FutureBase<T, E> {
  #waker: Waker | undefined
  #listening = false
  constructor(
    readonly inner: Future<T, E>,
    readonly signal: AbortSignal,
  ) {
    super()
  }
  get label(): string {
    return `abortable(${labelOf(this.inner)})`
  }
  readonly #onAbort = (): void => {
    // an event listener: a throwing waker would be an uncaught exception (rule 8)
    wakeQuietly(this.#waker, "abortable() on abort")
  }
  protected step(cx: Context): Poll<T> {
    if (this.signal.aborted) return Abortable.#abort(this)
    let r: Poll<T>
    try {
      r = this.inner.poll(cx)
    } catch (e) {
      Abortable.#unlisten(this)
      throw e
    }
    if (r !== Pending) {
      Abortable.#unlisten(this)
      return r
    }
    // aborted while `inner` was polled: a listener added now would never fire
    if (this.signal.aborted) return Abortable.#abort(this)
    this.#waker = cx.waker
    if (!this.#listening) {
      this.#listening = true
      this.signal.addEventListener("abort", this.#onAbort, { once: true })
    }
    return Pending
  }
  // static: an instance private method would cost every object a hidden brand slot
  static #abort<T, E>(g: Abortable<T, E>): never {
    Abortable.#unlisten(g)
    // rule 8: the abort is the outcome; a throwing teardown of `inner` travels with it
    throw cancelWith(g.inner, new Interrupted(g.label, g.signal.reason))
  }
  // static: an instance private method would cost every object a hidden brand slot
  static #unlisten<T, E>(g: Abortable<T, E>): void {
    g.#waker = undefined
    if (g.#listening) {
      g.#listening = false
      g.signal.removeEventListener("abort", g.#onAbort)
    }
  }
  protected onCancel(): void {
    Abortable.#unlisten(this)
    cancelQuietly(this.inner)
  }
}

/**
 * Tie `future` to an `AbortSignal`: when the signal aborts, `future` is cancelled and the
 * result ends interrupted — it throws `Interrupted` (carrying `signal.reason`). An
 * already-aborted signal does so at the first poll without polling `future`.
 *
 * The error type stays `E`: an abort is the interrupted outcome (rule 6), not a failure, so
 * `toEffect` turns it into interruption and `catchError`/`result` let it pass; `settle` or a
 * task's `outcome` show it as `{ _tag: "Interrupted" }`.
 * @remarks Cancel safety: removes its abort listener and cancels `future`; the listener is
 * also removed when `future` finishes.
 * @throws InvalidArgument when `future` is not a future or `signal` is not an AbortSignal.
 * @example
 * ```ts
 * const ac = new AbortController()
 * executor.spawn(abortable(download(url), ac.signal))
 * cancelButton.onclick = () => ac.abort()
 * ```
 */
export const abortable = <T, E>(future: Future<T, E>, signal: AbortSignal): Pollable<T, E> => {
  checkFuture("abortable(future, signal)", future)
  checkSignal("abortable(future, signal)", signal, false)
  return new Abortable(future, signal)
}
