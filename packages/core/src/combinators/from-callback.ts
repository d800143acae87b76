import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { Interrupted } from "../errors.js"
import { checkFunction, checkOptions, checkSignal } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { addSuppressed, teardownFault, wakeQuietly } from "../fault/teardown.js"

/** What a callback source may return: a function that releases what it registered. */
export type Cleanup = (() => void) | void

/** Options of {@link fromCallback}. */
export interface FromCallbackOptions<T> {
  /**
   * Releases a value nobody will receive: one resolved before a cancel took effect but never
   * returned by `poll`, or resolved after cancel. Use it when the value is a resource (a
   * socket, a file handle) so a cancelled open cannot leak it. A throw from it is a teardown
   * fault: reported (rule 8), never thrown into the source's callback.
   */
  readonly dispose?: ((value: T) => void) | undefined
  /**
   * An outside reason to stop: once it aborts, the next poll runs the cleanup, releases an
   * unreturned value with `dispose`, and fails with `Interrupted` carrying `signal.reason`
   * (an abort wins over a value that arrived but was not returned yet).
   */
  readonly signal?: AbortSignal | undefined
  /** The name in error messages (`PollAfterReady`, `Interrupted`). Default: `register`'s name. */
  readonly label?: string | undefined
}

class FromCallback<T, E> extends FutureBase<T, E> {
  #register: ((resolve: (v: T) => void, reject: (e: E) => void) => Cleanup) | undefined
  #cleanup: (() => void) | undefined
  #result: { ok: true; v: T } | { ok: false; e: E } | undefined
  #waker: Waker | undefined
  readonly #dispose: ((v: T) => void) | undefined
  readonly #label: string
  readonly #signal: AbortSignal | undefined
  #listening = false
  constructor(register: (resolve: (v: T) => void, reject: (e: E) => void) => Cleanup, options: FromCallbackOptions<T>) {
    super()
    this.#register = register
    this.#dispose = options.dispose
    this.#signal = options.signal
    this.#label = options.label ?? `fromCallback(${register.name || "anonymous"})`
  }
  get label(): string {
    return this.#label
  }
  // static: an instance private method would cost every object a hidden brand slot
  static #settle<T, E>(g: FromCallback<T, E>, r: { ok: true; v: T } | { ok: false; e: E }): void {
    if (g.state !== 0 && r.ok && g.#result === undefined) {
      // resolved after cancel, an abort or a throw from `register`: nobody will ever receive it
      g.#result = r
      FromCallback.#drop(g, r.v)
      return
    }
    if (g.#result !== undefined || g.state !== 0) return
    g.#result = r
    const w = g.#waker
    g.#waker = undefined
    // called from the source's callback: a throwing waker must not throw into it (rule 8)
    wakeQuietly(w, g.#label)
  }
  /** A value nobody will receive goes to `dispose`; a throw from it is reported, never thrown to the caller. */
  // static: an instance private method would cost every object a hidden brand slot
  static #drop<T, E>(g: FromCallback<T, E>, v: T): void {
    const d = g.#dispose
    if (d === undefined) return
    try {
      d(v)
    } catch (e) {
      teardownFault(e, `the dispose of ${g.#label}`)
    }
  }
  readonly #onAbort = (): void => {
    const w = this.#waker
    this.#waker = undefined
    // an event listener: a throwing waker would be an uncaught exception (rule 8)
    wakeQuietly(w, this.#label)
  }
  // static: an instance private method would cost every object a hidden brand slot
  static #unlisten<T, E>(g: FromCallback<T, E>): void {
    if (g.#listening) {
      g.#listening = false
      g.#signal!.removeEventListener("abort", g.#onAbort)
    }
  }
  /** The outside signal aborted: release everything as a cancel would, and fail with `Interrupted`. */
  // static: an instance private method would cost every object a hidden brand slot
  static #abort<T, E>(g: FromCallback<T, E>, signal: AbortSignal): never {
    const interrupted = new Interrupted(g.#label, signal.reason)
    try {
      g.onCancel()
    } catch (e) {
      addSuppressed(interrupted, e) // the abort is the outcome; the cleanup's throw travels with it
    }
    throw interrupted
  }
  protected step(cx: Context): Poll<T> {
    const signal = this.#signal
    if (signal?.aborted === true) FromCallback.#abort(this, signal)
    const reg = this.#register
    if (reg !== undefined) {
      this.#register = undefined
      const c = reg(
        (v) => FromCallback.#settle(this, { ok: true, v }),
        (e) => FromCallback.#settle(this, { ok: false, e }),
      )
      if (typeof c === "function") this.#cleanup = c
      if (signal !== undefined) {
        // aborted while `register` ran: a listener added now would never fire
        if (signal.aborted) FromCallback.#abort(this, signal)
        this.#listening = true
        signal.addEventListener("abort", this.#onAbort, { once: true })
      }
    }
    const r = this.#result
    if (r === undefined) {
      this.#waker = cx.waker
      return Pending
    }
    FromCallback.#unlisten(this)
    const c = this.#cleanup
    this.#cleanup = undefined
    if (c !== undefined) {
      // the source may have registered more than the callback that fired: release it. The
      // outcome is decided; a cleanup that throws does not replace it (rule 8)
      try {
        c()
      } catch (e) {
        if (r.ok) teardownFault(e, `the cleanup of ${this.#label}`)
        else addSuppressed(r.e, e)
      }
    }
    if (r.ok) return r.v
    throw r.e
  }
  protected onCancel(): void {
    this.#waker = undefined
    this.#register = undefined
    FromCallback.#unlisten(this)
    const c = this.#cleanup
    this.#cleanup = undefined
    try {
      c?.()
    } finally {
      // a cleanup that throws (reported by cancel) must not leak a resolved resource
      const r = this.#result
      if (r?.ok) FromCallback.#drop(this, r.v) // resolved, never handed out
    }
  }
}

/**
 * Bridge a callback-style source (the pattern of the Rust async book's timer example). `register` runs at the
 * first poll (rule 7) with `resolve` / `reject`, and may return a cleanup function,
 * called once: on cancel, or when the settled future is polled to completion. Calls to `resolve`/`reject` after the
 * first, or after cancel, are ignored; they only wake the task, never poll it (rule 2).
 *
 * @example
 * ```ts
 * const after = (ms: number) => fromCallback<void>((done) => {
 *   const t = setTimeout(done, ms)
 *   return () => clearTimeout(t)
 * })
 * ```
 * @remarks Cancel safety: runs the cleanup, so the source stops; with `dispose`, a value
 * that was resolved but never returned (or arrives after cancel) is released, exactly once.
 * A cleanup that throws never reaches the caller of `cancel()` and never replaces a value or
 * error that arrived: it is reported, or attached to that error as `suppressed` (rule 8).
 * A `dispose` that throws is reported the same way.
 * @throws Interrupted at poll once `options.signal` aborted.
 */
export const fromCallback = <T, E = unknown>(
  register: (resolve: (value: T) => void, reject: (error: E) => void) => Cleanup,
  options: FromCallbackOptions<T> = {},
): Pollable<T, E> => {
  checkFunction("fromCallback(register)", register)
  checkOptions("fromCallback(register, options)", options)
  if (options.dispose !== undefined) checkFunction("fromCallback(register, { dispose })", options.dispose)
  checkSignal("fromCallback(register, { signal })", options.signal)
  return new FromCallback(register, options)
}
