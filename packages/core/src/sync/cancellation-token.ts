import { cancelWith } from "../fault/teardown.js"
import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { Interrupted, InvalidArgument } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { reportFault } from "../fault/report.js"
import { disposeSymbol } from "../internal/dispose.js"
import { ListWait, WaitList } from "./wait-list.js"

/**
 * A cancellation signal that can be handed around and forms a tree (tokio-util's
 * `CancellationToken`): `cancel()` cancels this token and every token created with
 * `child()` below it — never its parent. Futures wait for it with `cancelled()` or are tied to
 * it with `runUntilCancelled(f)`; it converts to and from an `AbortSignal`.
 *
 * @remarks
 * - Cancel is synchronous and idempotent; the first `reason` wins.
 * - A cancelled child unlinks itself from its parent, so short-lived children do not pile up
 *   under a long-lived parent (`using child = token.child()` cancels it at the end of the block).
 * - Rule 8: an `onCancel` callback or a waker that throws is reported to the fault reporter,
 *   and every other callback, waiter and child is still cancelled.
 * @example
 * ```ts
 * const shutdown = new CancellationToken()
 * const worker = (job: Job) => shutdown.child().runUntilCancelled(process(job))  // Interrupted on shutdown
 * fetch(url, { signal: shutdown.toAbortSignal() })                                // interop with fetch
 * shutdown.cancel("server stopping")
 * ```
 */
export class CancellationToken {
  #cancelled = false
  #reason: unknown = undefined
  #parent: CancellationToken | undefined
  #children: Set<CancellationToken> | undefined
  #callbacks: Set<(reason: unknown) => void> | undefined
  #signal: AbortSignal | undefined
  /** @internal */ readonly waiters = new WaitList()

  /** True once cancelled (directly or through a parent). */
  get isCancelled(): boolean {
    return this.#cancelled
  }

  /** The reason given to the `cancel()` that cancelled it (also a parent's); `undefined` before. */
  get reason(): unknown {
    return this.#reason
  }

  /**
   * Cancel this token and all its descendants, wake every `cancelled()` waiter and run the
   * `onCancel` callbacks. Idempotent: later calls change nothing.
   */
  cancel(reason?: unknown): void {
    if (this.#cancelled) return
    this.#cancelled = true
    this.#reason = reason
    const parent = this.#parent
    if (parent !== undefined) parent.#children?.delete(this)
    this.#parent = undefined
    const children = this.#children
    this.#children = undefined
    const callbacks = this.#callbacks
    this.#callbacks = undefined
    this.waiters.wakeAll("a CancellationToken")
    if (callbacks !== undefined) {
      for (const cb of callbacks) {
        try {
          cb(reason)
        } catch (e) {
          reportFault(e, "an onCancel callback of a CancellationToken threw")
        }
      }
    }
    if (children !== undefined) for (const c of children) c.cancel(reason)
  }

  /**
   * A new token cancelled when this one is (with the same reason); cancelling it does not
   * cancel this one. A child of a cancelled token is born cancelled.
   */
  child(): CancellationToken {
    const c = new CancellationToken()
    if (this.#cancelled) {
      c.cancel(this.#reason)
      return c
    }
    c.#parent = this
    ;(this.#children ??= new Set()).add(c)
    return c
  }

  /**
   * Run `callback(reason)` when the token is cancelled (at once if it already is). Returns a
   * function that unregisters it.
   * @throws InvalidArgument when `callback` is not a function.
   */
  onCancel(callback: (reason: unknown) => void): () => void {
    checkFunction("CancellationToken.onCancel(callback)", callback)
    if (this.#cancelled) {
      callback(this.#reason)
      return () => {}
    }
    const set = (this.#callbacks ??= new Set())
    const entry = (r: unknown) => callback(r)
    set.add(entry)
    return () => void this.#callbacks?.delete(entry)
  }

  /**
   * A future that completes when the token is cancelled.
   * @remarks Cancel safety: cancelling it only unlinks its waiter.
   */
  cancelled(): Pollable<void, never> {
    return new Cancelled(this)
  }

  /**
   * Run `future` until the token is cancelled: then `future` is cancelled and the result
   * fails with `Interrupted` carrying the token's reason. An already-cancelled token fails at
   * the first poll without polling `future`.
   * @remarks Cancel safety: cancels `future` and unlinks its waiter.
   * @throws InvalidArgument when `future` is not a future.
   */
  runUntilCancelled<T, E>(future: Future<T, E>): Pollable<T, E | Interrupted> {
    if (typeof (future as { poll?: unknown } | null)?.poll !== "function") {
      throw new InvalidArgument(
        "CancellationToken.runUntilCancelled(future)",
        `expected a future, got ${future === null ? "null" : typeof future}`,
        "pass a future",
      )
    }
    return new RunUntilCancelled(this, future)
  }

  /**
   * An `AbortSignal` that aborts (with the token's reason) when the token is cancelled — for
   * `fetch`, Node streams and every API that takes a signal. The same signal every call.
   * Needs the host's `AbortController` (read at call time).
   */
  toAbortSignal(): AbortSignal {
    let s = this.#signal
    if (s !== undefined) return s
    const ac = new AbortController()
    s = this.#signal = ac.signal
    this.onCancel((reason) => ac.abort(reason))
    return s
  }

  /**
   * A token cancelled when `signal` aborts, with `signal.reason` (at once if it already has).
   * The abort listener is removed when the token is cancelled by other means.
   * @throws InvalidArgument when `signal` is not an AbortSignal-like object.
   */
  static fromAbortSignal(signal: AbortSignal): CancellationToken {
    if (
      typeof (signal as { addEventListener?: unknown } | null)?.addEventListener !== "function" ||
      typeof signal.aborted !== "boolean"
    ) {
      throw new InvalidArgument(
        "CancellationToken.fromAbortSignal(signal)",
        `expected an AbortSignal, got ${signal === null ? "null" : typeof signal}`,
        "pass controller.signal",
      )
    }
    const t = new CancellationToken()
    if (signal.aborted) {
      t.cancel(signal.reason)
      return t
    }
    const onAbort = (): void => t.cancel(signal.reason)
    signal.addEventListener("abort", onAbort, { once: true })
    t.onCancel(() => signal.removeEventListener("abort", onAbort))
    return t
  }

  /** {@link cancel}, for `using`: a token bound with `using` is cancelled at the end of the block. */
  [disposeSymbol](): void {
    this.cancel()
  }
}

class Cancelled extends ListWait<void, never> {
  constructor(readonly token: CancellationToken) {
    super(token.waiters)
  }
  get label(): string {
    return "CancellationToken.cancelled()"
  }
  protected check(): Poll<void> {
    return this.token.isCancelled ? undefined : Pending
  }
}

class RunUntilCancelled<T, E> extends ListWait<T, E | Interrupted> {
  constructor(
    readonly token: CancellationToken,
    readonly inner: Future<T, E>,
  ) {
    super(token.waiters)
  }
  get label(): string {
    return `runUntilCancelled(${String(this.inner)})`
  }
  protected check(cx: Context): Poll<T> {
    if (this.token.isCancelled) return RunUntilCancelled.#interrupt(this)
    const r = this.inner.poll(cx)
    // cancelled while inner was polled: a registration made now would never be woken
    if (r === Pending && this.token.isCancelled) return RunUntilCancelled.#interrupt(this)
    return r
  }
  static #interrupt(w: RunUntilCancelled<unknown, unknown>): never {
    // rule 8: Interrupted is the outcome even when the inner future's teardown throws
    throw cancelWith(w.inner, new Interrupted(w.label, w.token.reason))
  }
  protected override onCancel(): void {
    super.onCancel()
    this.inner.cancel()
  }
}
