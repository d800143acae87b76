import type { WaitDescription } from "../introspect/describe-wait.js"
import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done } from "../contracts/stream.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFuture, checkOptions, describeArgument } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { asyncDisposeSymbol, disposeSymbol } from "../internal/dispose.js"
import { ScopeClosed } from "./errors.js"
import { Group, type Member } from "./group.js"
import { clearArray } from "../internal/clear-array.js"
import { cancelQuietly, teardownFaults, wakeQuietly } from "../fault/teardown.js"

/**
 * The handle {@link JoinSet.spawn} returns: abort one member. Its result is delivered
 * through the set (`joinNext`), never through the handle, so each result is reported once.
 */
export class JoinSetHandle {
  /** @internal */
  member: Member<JoinSetHandle> | undefined
  /** @internal */
  constructor(
    readonly set: JoinSet<any, any>,
    /** Spawn order within the set, from 1. */
    readonly id: number,
  ) {}

  /** True once the member finished, was aborted, detached, or the set was cancelled. */
  get finished(): boolean {
    return this.member?.future === undefined
  }

  /**
   * Cancel this member now (rule 4) and drop it from the set: it is never reported.
   * A no-op once it finished — a result already produced is still delivered by `joinNext`.
   */
  abort(): void {
    const m = this.member
    if (m === undefined) return
    const f = m.group.remove(m)
    if (f !== undefined) cancelQuietly(f)
  }

  /** Same as {@link abort}, for `using`. */
  [disposeSymbol](): void {
    this.abort()
  }
}

type Result = { ok: true; v: unknown } | { ok: false; e: unknown }

/** Options of {@link JoinSet}. */
export interface JoinSetOptions {
  /** Name used in labels and error messages. */
  readonly name?: string | undefined
}

/**
 * A set of futures of one type whose results you take in **completion order** — tokio's
 * `JoinSet`, Trio's nursery without the body.
 *
 * Who drives the members: the set is a `FuturesUnordered`. Its members are polled (each
 * with its own waker, only when woken) inside the poll of a pending {@link joinNext}
 * future — on whatever executor polls it, so no spawner capability is needed. While nobody
 * awaits `joinNext()`, members make no progress (futures are lazy, rule 7); their wakes
 * are kept and served at the next `joinNext()`.
 *
 * @remarks
 * - Each result is reported exactly once: a `joinNext()` takes a result from the set only
 *   in the poll that returns it, so cancelling a `joinNext()` future loses nothing.
 * - A member's failure is thrown by the `joinNext()` that reports it; the set goes on.
 * - Cancel safety: `cancel()` / `[Symbol.dispose]()` cancel every running member at once
 *   (newest first), drop unreported results and close the set (`spawn` then throws
 *   {@link ScopeClosed}, `joinNext()` gives `Done`).
 *
 * @example
 * ```ts
 * const set = new JoinSet<string, FetchError>()
 * for (const url of urls) set.spawn(fetchPage(url))
 * const first = gen(function* () {
 *   using _ = set                               // whatever happens, the rest is cancelled
 *   for (let r; (r = yield* set.joinNext()) !== Done; ) if (r.includes("needle")) return r
 *   return undefined
 * })
 * ```
 */
export class JoinSet<T, E = unknown> {
  declare readonly "~error"?: E | undefined
  readonly name: string
  readonly #group = new Group<JoinSetHandle>()

  /** The futures of the members still running (for task snapshots). @internal */
  memberFutures(): Future<unknown, unknown>[] {
    return this.#group.futures()
  }
  readonly #results: Result[] = []
  #head = 0
  /** Pending `joinNext()` futures and their latest wakers. */
  readonly #waiters = new Map<JoinNext<T, E>, Waker>()
  /** The latest driver's context (for the members' timer and spawner). */
  #last: Context | undefined
  #closed: "cancelled" | "disposed" | undefined
  #nextId = 1
  /** The context members are polled with: wakes reach every pending `joinNext()`. */
  readonly #driver: Context & Waker

  constructor(options: JoinSetOptions = {}) {
    checkOptions("new JoinSet(options)", options)
    if (options.name !== undefined && typeof options.name !== "string") {
      throw new InvalidArgument(
        "new JoinSet({ name })",
        `expected a string, got ${describeArgument(options.name)}`,
        "pass a name for messages, or leave it out",
      )
    }
    this.name = `JoinSet(${options.name ?? "anonymous"})`
    const self = this
    this.#driver = {
      get waker(): Waker {
        return self.#driver
      },
      get timer(): Timer | undefined {
        return self.#last?.timer
      },
      get spawner(): Spawner | undefined {
        return self.#last?.spawner
      },
      wake(): void {
        for (const w of self.#waiters.values()) wakeQuietly(w, "a JoinSet's joinNext()")
      },
    }
    this.#group.cx = this.#driver
    this.#group.parent = this.#driver
  }

  /**
   * Add `future` to the set. It first runs at the next `joinNext()` poll.
   * @throws ScopeClosed after `cancel()` / dispose.
   * @throws InvalidArgument when `future` is not a future.
   */
  spawn(future: Future<T, E>): JoinSetHandle {
    if (this.#closed !== undefined) throw new ScopeClosed(this.name, this.#closed)
    checkFuture(`${this.name}.spawn(future)`, future)
    const h = new JoinSetHandle(this, this.#nextId++)
    h.member = this.#group.add(future, h)
    return h
  }

  /** Members not yet reported: running ones plus finished ones waiting in the set. */
  get size(): number {
    return this.#group.live + this.#results.length - this.#head
  }

  /** Members still running. */
  get running(): number {
    return this.#group.live
  }

  /** True after `cancel()` / dispose. */
  get closed(): boolean {
    return this.#closed !== undefined
  }

  /**
   * A future of the next result in completion order, or `Done` when the set is empty. A
   * failed member's error is thrown by it.
   * @remarks Cancel safety: cancel-safe — cancelling it loses no result.
   */
  joinNext(): Pollable<T | typeof Done, E> {
    return new JoinNext<T, E>(this)
  }

  /**
   * The next result if one is available now, `Done` when the set is empty, else `Pending`.
   * Once the set has been driven by a `joinNext()`, this also polls the members woken since
   * (with the latest driver's timer); before that it only reports buffered results.
   * @throws E when the result it reports is a failure.
   */
  tryJoinNext(): T | typeof Done | typeof Pending {
    if (this.#head === this.#results.length && this.#last !== undefined && this.#group.hasReady) {
      this.#group.pass(this.#driver, this)
    }
    if (this.#head < this.#results.length) return this.#take()
    return this.#group.live === 0 ? Done : Pending
  }

  /**
   * Cancel every running member now (newest first). Results already produced are still
   * delivered; the set stays open for new members. Never throws: a member whose teardown
   * throws is reported (rule 8) and the others are still cancelled.
   */
  abortAll(): void {
    const errors = this.#group.cancelOthers(undefined)
    this.#wakeWaiters() // they may now see Done
    if (errors.length > 0) teardownFaults(errors, `${this.name}.abortAll()`)
  }

  /**
   * Remove every running member without cancelling it and hand it back, oldest first —
   * spawned on `onto` when given (e.g. an executor), otherwise for you to drive. Results
   * already produced stay in the set.
   */
  detachAll(onto?: Spawner): Future<T, E>[] {
    const out = this.#group.detachAll().map((d) => d.future as Future<T, E>)
    this.#wakeWaiters()
    if (onto !== undefined) for (const f of out) onto.spawn(f)
    return out
  }

  /**
   * Cancel every running member, drop unreported results and close the set. Idempotent.
   * Never throws (rule 8): every member is cancelled even when one's teardown throws; those
   * errors are reported (`reportFault`).
   */
  cancel(): void {
    this.#close("cancelled")
  }

  /** {@link cancel}, for `using`. */
  [disposeSymbol](): void {
    this.#close("disposed")
  }

  /** {@link cancel}, for `await using`; resolves once everything is cancelled (synchronously). */
  [asyncDisposeSymbol](): Promise<void> {
    try {
      this.#close("disposed")
      return Promise.resolve()
    } catch (e) {
      return Promise.reject(e)
    }
  }

  // ---- internals ---------------------------------------------------------------------

  #close(why: "cancelled" | "disposed"): void {
    if (this.#closed !== undefined) return
    this.#closed = why
    const errors = this.#group.cancelAll()
    clearArray(this.#results)
    this.#head = 0
    this.#last = undefined
    this.#wakeWaiters()
    if (errors.length > 0) teardownFaults(errors, `${this.name}.cancel()`)
  }

  #wakeWaiters(): void {
    for (const w of this.#waiters.values()) wakeQuietly(w, "a JoinSet's joinNext()")
  }

  #take(): T {
    const r = this.#results[this.#head]!
    this.#results[this.#head++] = undefined as unknown as Result
    if (this.#head === this.#results.length) {
      clearArray(this.#results)
      this.#head = 0
    } else if (this.#head > 1024 && this.#head * 2 > this.#results.length) {
      this.#results.splice(0, this.#head)
      this.#head = 0
    }
    if (r.ok) return r.v as T
    throw r.e
  }

  /** @internal GroupSink */
  ready(_m: Member<JoinSetHandle>, v: unknown): void {
    this.#results.push({ ok: true, v })
  }

  /** @internal GroupSink */
  failed(_m: Member<JoinSetHandle>, e: unknown): void {
    this.#results.push({ ok: false, e })
  }

  /** @internal One poll of a `joinNext()` future. */
  pollNext(waiter: JoinNext<T, E>, cx: Context): Poll<T | typeof Done> {
    if (this.#head === this.#results.length && this.#closed === undefined) {
      this.#last = cx
      this.#waiters.set(waiter, cx.waker)
      const g = this.#group
      if (g.hasReady) g.pass(this.#driver, this)
      if (this.#head === this.#results.length) {
        if (g.live === 0) {
          this.#waiters.delete(waiter)
          return Done
        }
        if (g.hasReady) cx.waker.wake() // woken during the pass: next turn (rule 5)
        return Pending
      }
    }
    this.#waiters.delete(waiter)
    if (this.#head === this.#results.length) return Done
    const more = this.#results.length - this.#head > 1
    try {
      return this.#take()
    } finally {
      if (more) this.#wakeWaiters()
    }
  }

  /** @internal */
  unwait(waiter: JoinNext<T, E>): void {
    this.#waiters.delete(waiter)
  }
}

/** @internal The future of {@link JoinSet.joinNext}. */
class JoinNext<T, E> extends FutureBase<T | typeof Done, E> {
  constructor(readonly set: JoinSet<T, E>) {
    super()
  }
  get label(): string {
    return `${this.set.name}.joinNext()`
  }
  /** The members still running, which this call drives (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return this.set.memberFutures()
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    try {
      return this.set.pollNext(this, cx)
    } catch (e) {
      this.set.unwait(this)
      throw e
    }
  }
  protected onCancel(): void {
    this.set.unwait(this)
  }
}
