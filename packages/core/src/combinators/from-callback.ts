import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { checkFunction, checkOptions } from "../errors.js"
import { FutureBase } from "../future-base.js"
import { addSuppressed, teardownFault, wakeQuietly } from "../fault/teardown.js"

/** What a callback source may return: a function that releases what it registered. */
export type Cleanup = (() => void) | void

/** Options of {@link fromCallback}. */
export interface FromCallbackOptions<T> {
  /**
   * Releases a value nobody will receive: one resolved before a cancel took effect but never
   * returned by `poll`, or resolved after cancel. Use it when the value is a resource (a
   * socket, a file handle) so a cancelled open cannot leak it.
   */
  readonly dispose?: ((value: T) => void) | undefined
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
  constructor(register: (resolve: (v: T) => void, reject: (e: E) => void) => Cleanup, options: FromCallbackOptions<T>) {
    super()
    this.#register = register
    this.#dispose = options.dispose
    this.#label = options.label ?? `fromCallback(${register.name || "anonymous"})`
  }
  get label(): string {
    return this.#label
  }
  // static: an instance private method would cost every object a hidden brand slot
  static #settle<T, E>(g: FromCallback<T, E>, r: { ok: true; v: T } | { ok: false; e: E }): void {
    if (g.state === 2 && r.ok && g.#result === undefined) {
      // resolved after cancel: nobody will ever receive it
      g.#result = r
      g.#dispose?.(r.v)
      return
    }
    if (g.#result !== undefined || g.state !== 0) return
    g.#result = r
    const w = g.#waker
    g.#waker = undefined
    // called from the source's callback: a throwing waker must not throw into it (rule 8)
    wakeQuietly(w, g.#label)
  }
  protected step(cx: Context): Poll<T> {
    const reg = this.#register
    if (reg !== undefined) {
      this.#register = undefined
      const c = reg(
        (v) => FromCallback.#settle(this, { ok: true, v }),
        (e) => FromCallback.#settle(this, { ok: false, e }),
      )
      if (typeof c === "function") this.#cleanup = c
    }
    const r = this.#result
    if (r === undefined) {
      this.#waker = cx.waker
      return Pending
    }
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
    const c = this.#cleanup
    this.#cleanup = undefined
    try {
      c?.()
    } finally {
      // a cleanup that throws (reported by cancel) must not leak a resolved resource
      const r = this.#result
      if (r?.ok) this.#dispose?.(r.v) // resolved, never handed out
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
 */
export const fromCallback = <T, E = unknown>(
  register: (resolve: (value: T) => void, reject: (error: E) => void) => Cleanup,
  options: FromCallbackOptions<T> = {},
): Pollable<T, E> => {
  checkFunction("fromCallback(register)", register)
  checkOptions("fromCallback(register, options)", options)
  if (options.dispose !== undefined) checkFunction("fromCallback(register, { dispose })", options.dispose)
  return new FromCallback(register, options)
}
