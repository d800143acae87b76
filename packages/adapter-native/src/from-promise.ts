import {
  FutureBase,
  Interrupted,
  InvalidArgument,
  Pending,
  type Context,
  type Poll,
  type Waker,
  type Pollable,
} from "@pollable/core"
import { checkFunction, checkOptions, checkSignal } from "@pollable/core/adapter"

/** Options of {@link fromPromise}. */
export interface FromPromiseOptions<T = unknown> {
  /**
   * An outside reason to stop: when it aborts, the work's own signal is aborted and the
   * future fails with `Interrupted` carrying `signal.reason`.
   */
  readonly signal?: AbortSignal | undefined
  /**
   * Releases a value nobody will receive, for promises of resources (a file handle, a
   * connection): called when the promise fulfils after the future was cancelled or
   * interrupted (the work ignored its signal, or could not stop), or when it had fulfilled
   * but the future was cancelled before a poll returned the value. Never called for a
   * value the future returned. A throw from it is ignored (there is nobody to report it to).
   */
  readonly dispose?: ((value: T) => void) | undefined
}

type Settled<T> = { ok: true; v: T } | { ok: false; e: unknown }

class FromPromise<T, E> extends FutureBase<T, E> {
  #start: ((signal: AbortSignal) => PromiseLike<T> | T) | undefined
  readonly #outer: AbortSignal | undefined
  readonly #name: string
  readonly #dispose: ((value: T) => void) | undefined
  #controller: AbortController | undefined
  #result: Settled<T> | undefined
  #waker: Waker | undefined
  #listening = false

  constructor(
    start: (signal: AbortSignal) => PromiseLike<T> | T,
    outer: AbortSignal | undefined,
    dispose: ((value: T) => void) | undefined,
  ) {
    super()
    this.#start = start
    this.#outer = outer
    this.#dispose = dispose
    this.#name = start.name || "anonymous" // kept: #start is dropped once it ran
  }

  get label(): string {
    return `fromPromise(${this.#name})`
  }

  readonly #onOuterAbort = (): void => {
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }

  #settle(r: Settled<T>): void {
    // after cancel (or a finished poll) the outcome is dropped: a late rejection is handled here, never unhandled
    if (this.state !== 0 || this.#result !== undefined) {
      if (r.ok) this.#drop(r.v)
      return
    }
    this.#result = r
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }

  protected step(cx: Context): Poll<T> {
    const outer = this.#outer
    if (outer?.aborted === true) this.#interrupt(outer)
    const start = this.#start
    if (start !== undefined) {
      this.#start = undefined
      const controller = (this.#controller = new AbortController())
      const p = start(controller.signal) // a synchronous throw is this future's failure
      Promise.resolve(p).then(
        (v) => this.#settle({ ok: true, v }),
        (e: unknown) => this.#settle({ ok: false, e }),
      )
      if (outer !== undefined) {
        this.#listening = true
        outer.addEventListener("abort", this.#onOuterAbort, { once: true })
      }
    }
    const r = this.#result
    if (r === undefined) {
      this.#waker = cx.waker
      return Pending
    }
    this.#release()
    if (r.ok) return r.v
    throw r.e
  }

  #interrupt(outer: AbortSignal): never {
    this.#release()
    this.#dropResult()
    this.#controller?.abort(outer.reason)
    throw new Interrupted(this.label, outer.reason)
  }

  #release(): void {
    this.#waker = undefined
    this.#start = undefined
    if (this.#listening) {
      this.#listening = false
      this.#outer!.removeEventListener("abort", this.#onOuterAbort)
    }
  }

  /** A fulfilled value that will not be returned now (cancel, or an abort that wins). */
  #dropResult(): void {
    const r = this.#result
    this.#result = undefined
    if (r?.ok === true) this.#drop(r.v)
  }

  #drop(v: T): void {
    const d = this.#dispose
    if (d === undefined) return
    try {
      d(v)
    } catch {
      // nobody awaits this future any more: nothing to report the failure to
    }
  }

  protected onCancel(): void {
    this.#release()
    this.#dropResult()
    const c = this.#controller
    this.#controller = undefined
    c?.abort(new Interrupted(this.label))
  }
}

/**
 * A future of the promise that `start(signal)` returns. Lazy (rule 7): `start` runs at the
 * first poll, not here. The three outcomes map back from the Promise (rule 6): fulfilment
 * is success, rejection is failure, and a rejection with `Interrupted` is thrown as
 * `Interrupted`, so `settle()` / `outcomeOf` see the interrupted outcome.
 *
 * @example
 * ```ts
 * const page = (url: string) => fromPromise((signal) => fetch(url, { signal }).then((r) => r.text()))
 * await toPromise(timeout(page("https://example.org"), 1_000)) // the fetch is aborted on timeout
 * ```
 * @param start receives an `AbortSignal` that is aborted (reason: `Interrupted`) when the future is cancelled.
 * @throws InvalidArgument when `start` is not a function, or `options.signal` not an AbortSignal.
 * @throws Interrupted at poll when `options.signal` aborted.
 * @remarks Cancel safety: cancelling aborts the signal given to `start` and drops the
 * result; a rejection that arrives after cancel is swallowed, never an unhandled rejection.
 * A value that arrives (or waits) unreturned is passed to `options.dispose`, so a promise of
 * a resource — `fromPromise(() => fs.promises.open(p), { dispose: (h) => void h.close() })` —
 * never leaks it when a timeout or a race abandons the future.
 */
export const fromPromise = <T, E = unknown>(
  start: (signal: AbortSignal) => PromiseLike<T> | T,
  options: FromPromiseOptions<T> = {},
): Pollable<T, E> => {
  if (typeof start !== "function") {
    throw new InvalidArgument(
      "fromPromise(start)",
      `expected a function returning a promise, got ${typeof start}`,
      "pass () => promise, not the promise itself",
    )
  }
  checkOptions("fromPromise(start, options)", options)
  checkSignal("fromPromise(start, { signal })", options.signal)
  if (options.dispose !== undefined) checkFunction("fromPromise(start, { dispose })", options.dispose)
  return new FromPromise<T, E>(start, options.signal, options.dispose)
}
