import type { WaitDescription } from "../introspect/describe-wait.js"
import type { Outcome } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { Interrupted, InvalidArgument } from "../errors.js"
import { checkGeneratorFunction, checkOptions } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { gen, type YieldedError } from "../gen.js"
import { disposeSymbol } from "../internal/dispose.js"
import { ChildrenFailed, ScopeClosed } from "./errors.js"
import { Group, type GroupSink, type Member } from "./group.js"
import {
  addSuppressed,
  beginCollect,
  cancelQuietly,
  endCollectList,
  teardownFaults,
  wakeQuietly,
} from "../fault/teardown.js"

/**
 * What a scope does when a child fails.
 * - `"failFast"` (default): cancel every other child and the body at once, and fail the
 *   scope with the first error.
 * - `"collectAll"`: let the others run on. A failure is delivered to whoever awaits the
 *   child's handle; failures nobody awaited fail the scope at its end with
 *   {@link ChildrenFailed} (every one of them, in order).
 */
export type ScopeMode = "failFast" | "collectAll"

/** Options of {@link scope}. */
export interface ScopeOptions {
  /** Child failure policy; default `"failFast"`. */
  readonly mode?: ScopeMode | undefined
  /** Name used in labels and error messages; default: the body function's name. */
  readonly name?: string | undefined
}

/**
 * The handle a scope's body receives: spawn children into it.
 *
 * `E` bounds the failure types of the children you may spawn. Annotate the body's
 * parameter (`function* (s: Scope<FetchError>)`) to get a precisely typed scope; left
 * unannotated it is `unknown`.
 */
export interface Scope<E = unknown> {
  /**
   * Start `future` as a child of this scope. It is polled by the scope's own future, with its
   * own waker, from the scope's next poll on. The returned handle is a future of the child's
   * value; cancelling (or disposing) the handle cancels the child.
   * @throws ScopeClosed when the scope already completed, failed or was cancelled.
   * @throws InvalidArgument when `future` is not a future.
   */
  spawn<T, E2 extends E>(future: Future<T, E2>): ChildHandle<T, E2>
  /** Cancel every running child (newest first); the body keeps running. Handles report `Interrupted`. */
  cancelChildren(): void
  /** Children still running. */
  readonly size: number
  /** True once the scope completed, failed or was cancelled: `spawn` then throws {@link ScopeClosed}. */
  readonly closed: boolean
}

/** What a child handle needs from its scope. */
interface ScopeCore {
  readonly name: string
  cancelChild(h: ChildHandle<any, any>): void
  observed(h: ChildHandle<any, any>): void
}

const INTERRUPTED: Outcome<never, never> = Object.freeze({ _tag: "Interrupted" })

/**
 * A child of a scope: a future of its value (`yield* handle`), its {@link outcome} once it
 * ended, and `cancel()` / `[Symbol.dispose]()` to cancel the child.
 *
 * @remarks
 * - Await it once: like every core future, polling it after it returned throws `PollAfterReady`.
 * - Awaiting a cancelled child throws `Interrupted`.
 * - Cancel safety: cancelling the handle cancels the child at once (its timers and
 *   listeners are released now, not when they would have fired). After the child finished,
 *   `cancel()` is a no-op and the handle still delivers the value.
 */
export class ChildHandle<T, E = unknown> extends FutureBase<T, E> {
  /** @internal */
  member: Member<ChildHandle<any, any> | undefined> | undefined
  #outcome: Outcome<T, E> | undefined
  #joinWaker: Waker | undefined

  /** @internal */
  constructor(
    readonly core: ScopeCore,
    readonly id: number,
  ) {
    super()
  }

  get label(): string {
    return `child#${this.id} of ${this.core.name}`
  }

  /** How the child ended; `undefined` while it runs. */
  get outcome(): Outcome<T, E> | undefined {
    return this.#outcome
  }

  protected step(cx: Context): Poll<T> {
    const o = this.#outcome
    if (o === undefined) {
      this.#joinWaker = cx.waker
      return Pending
    }
    this.#joinWaker = undefined
    if (o._tag === "Success") return o.value
    if (o._tag === "Failure") {
      this.core.observed(this)
      throw o.error
    }
    throw new Interrupted(this.label)
  }

  /** Cancel the child; a no-op once it finished (its value is still delivered). */
  override cancel(): void {
    if (this.#outcome !== undefined && this.#outcome !== INTERRUPTED) return
    super.cancel()
  }

  protected onCancel(): void {
    this.#joinWaker = undefined
    if (this.#outcome === undefined) this.core.cancelChild(this)
  }

  /** Same as `cancel()`, for `using`. */
  [disposeSymbol](): void {
    this.cancel()
  }

  /** @internal The scope records how the child ended and wakes its awaiter. */
  settle(o: Outcome<T, E>): void {
    if (this.#outcome !== undefined) return
    this.#outcome = o
    const w = this.#joinWaker
    this.#joinWaker = undefined
    wakeQuietly(w, "a scope child's awaiter")
  }
}

const isFuture = (x: unknown): x is Future<unknown, unknown> =>
  typeof x === "object" && x !== null && typeof (x as Future<unknown>).poll === "function"

type Owner = ChildHandle<any, any> | undefined // undefined = the body

/** The body's member: defined once, so a scope does not pay V8's first-call cost of a new generator closure. */
function* scopeBody<T>(
  body: (s: Scope<any>) => Generator<unknown, T, any>,
  api: Scope<any>,
): Generator<unknown, T, any> {
  return yield* body(api)
}

/**
 * The state of one scope: its group of members (the body first, then the children), the
 * failure bookkeeping, and the {@link Scope} API the body receives.
 * @internal
 */
class ScopeState<T> implements Scope<any>, ScopeCore, GroupSink<Owner> {
  readonly name: string
  readonly mode: ScopeMode
  body: ((s: Scope<any>) => Generator<unknown, T, any>) | undefined
  group: Group<Owner> | undefined
  bodyMember: Member<Owner> | undefined
  bodyDone = false
  value: T | undefined
  why: "completed" | "failed" | "cancelled" | undefined
  errors: unknown[] | undefined
  failedNow = false
  unobserved: Set<ChildHandle<any, any>> | undefined
  nextId = 1

  constructor(body: (s: Scope<any>) => Generator<unknown, T, any>, options: ScopeOptions) {
    this.body = body
    this.mode = options.mode ?? "failFast"
    this.name = `scope(${options.name ?? (body.name || "anonymous")})`
  }

  // ---- Scope (the body's view) -------------------------------------------------------

  spawn<U, E2>(future: Future<U, E2>): ChildHandle<U, E2> {
    if (this.why !== undefined) throw new ScopeClosed(this.name, this.why)
    if (!isFuture(future)) {
      throw new InvalidArgument(
        `${this.name}.spawn(future)`,
        `expected a future, got ${typeof future}`,
        "pass a Future (e.g. gen(...), sleep(ms))",
      )
    }
    const h = new ChildHandle<U, E2>(this, this.nextId++)
    h.member = this.group!.add(future, h)
    return h
  }

  cancelChildren(): void {
    const g = this.group
    if (g === undefined || this.why !== undefined) return
    // rule 8: cancelling never throws at the body; teardown errors are reported
    const errors = g.cancelOthers(this.bodyMember, interruptOwner)
    if (errors.length > 0) teardownFaults(errors, `${this.name}.cancelChildren()`)
  }

  get size(): number {
    const g = this.group
    if (g === undefined) return 0
    return g.live - (this.bodyMember?.future !== undefined ? 1 : 0)
  }

  get closed(): boolean {
    return this.why !== undefined
  }

  // ---- ScopeCore (the handles' view) ---------------------------------------------------

  cancelChild(h: ChildHandle<any, any>): void {
    const m = h.member
    if (m === undefined) return
    const f = this.group?.remove(m)
    h.settle(INTERRUPTED)
    if (f !== undefined) cancelQuietly(f)
  }

  observed(h: ChildHandle<any, any>): void {
    this.unobserved?.delete(h)
  }

  // ---- GroupSink ---------------------------------------------------------------------

  ready(m: Member<Owner>, value: unknown): boolean {
    const h = m.owner
    if (h === undefined) {
      this.bodyDone = true
      this.value = value as T
    } else {
      h.settle({ _tag: "Success", value })
    }
    return false
  }

  failed(m: Member<Owner>, error: unknown): boolean {
    const h = m.owner
    if (h !== undefined) h.settle({ _tag: "Failure", error })
    if (h === undefined || this.mode === "failFast") {
      // the body failed (both modes), or a child did under fail-fast: stop everything
      this.failedNow = true
      const collected = this.unobserved === undefined ? [] : [...this.unobserved].map(failureOf)
      this.errors = [error, ...collected]
      return true
    }
    ;(this.unobserved ??= new Set()).add(h)
    return false
  }

  // ---- driving -----------------------------------------------------------------------

  step(cx: Context): Poll<T> {
    let g = this.group
    if (g === undefined) {
      g = this.group = new Group<Owner>()
      const body = this.body!
      this.body = undefined
      this.bodyMember = g.add(gen(scopeBody<T>, body, this as Scope<any>), undefined)
    }
    g.pass(cx, this)
    if (this.failedNow) {
      // teardown errors of nested futures (which never throw from cancel) are kept too
      const prev = beginCollect()
      try {
        this.close("failed")
      } finally {
        this.errors!.push(...endCollectList(prev))
      }
      return this.throwFirst()
    }
    if (this.bodyDone && g.live === 0) {
      g.cx = undefined
      g.parent = undefined
      this.why = "completed"
      const un = this.unobserved
      if (un !== undefined && un.size > 0) {
        this.why = "failed"
        const errors = [...un].map(failureOf)
        this.errors = errors
        throw new ChildrenFailed(this.name, errors)
      }
      const v = this.value as T
      this.value = undefined
      return v
    }
    if (g.hasReady) cx.waker.wake()
    return Pending
  }

  /** Close the scope and cancel what still runs: children newest first, then the body. */
  close(why: "failed" | "cancelled"): unknown[] {
    this.why = why
    this.body = undefined
    this.value = undefined
    const g = this.group
    if (g === undefined) return []
    const errors = g.cancelAll(interruptOwner)
    if (why === "failed") this.errors!.push(...errors)
    return errors
  }

  throwFirst(): never {
    const errors = this.errors!
    const first = errors[0]
    for (let i = 1; i < errors.length; i++) addSuppressed(first, errors[i])
    throw first
  }
}

/**
 * Check what {@link scope} (or an adapter's `scopeToPromise` / `scopeToObservable` /
 * `scopeToEffect`, which build the scope later) is given, so bad arguments fail at the
 * call rather than at the first poll, subscribe or run.
 * @param where the calling function's name, e.g. `"scopeToPromise"`.
 * @throws InvalidArgument when `body` is not a generator function, `options` not an object, `mode`
 * not `"failFast"` / `"collectAll"`, or `name` not a string.
 */
export function checkScopeArgs(where: string, body: unknown, options: unknown): void {
  checkGeneratorFunction(`${where}(body)`, body)
  if (options === undefined) return
  checkOptions(`${where}(body, options)`, options as object)
  const { mode, name } = options as ScopeOptions
  if (mode !== undefined && mode !== "failFast" && mode !== "collectAll") {
    throw new InvalidArgument(
      `${where}(body, options)`,
      `unknown mode ${String(mode)}`,
      'use "failFast" or "collectAll"',
    )
  }
  if (name !== undefined && typeof name !== "string") {
    throw new InvalidArgument(
      `${where}(body, options)`,
      `name must be a string, got ${typeof name}`,
      "pass a string name or leave it out",
    )
  }
}

/**
 * The future of a {@link scope}. Completes with the body's value once the body returned
 * and every child ended.
 */
export class ScopeFuture<T, E> extends FutureBase<T, E> {
  readonly #s: ScopeState<T>

  /** @internal use {@link scope} */
  constructor(body: (s: Scope<any>) => Generator<unknown, T, any>, options: ScopeOptions) {
    super()
    checkScopeArgs("scope", body, options)
    this.#s = new ScopeState(body, options)
  }

  get label(): string {
    return this.#s.name
  }

  /** The body and the children still running (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return this.#s.group?.futures() ?? []
  }

  /**
   * Every failure the scope saw, first one first: the error it threw, then the ones
   * suppressed behind it (also attached to the first as `suppressed` when it is an object).
   * In `collectAll` mode, the children's failures nobody awaited. Empty while running and
   * after success.
   */
  get errors(): readonly unknown[] {
    return this.#s.errors ?? []
  }

  /** Children still running. */
  get size(): number {
    return this.#s.size
  }

  protected step(cx: Context): Poll<T> {
    return this.#s.step(cx)
  }

  protected onCancel(): void {
    // rule 8: cancel() never throws; the children's teardown errors are reported
    const errors = this.#s.close("cancelled")
    if (errors.length > 0) teardownFaults(errors, `cancelling ${this.#s.name}`)
  }

  /** Cancel the scope (and so every child), for `using`. */
  [disposeSymbol](): void {
    this.cancel()
  }
}

const interruptOwner = (m: Member<Owner>): void => {
  m.owner?.settle(INTERRUPTED)
}

const failureOf = (h: ChildHandle<any, any>): unknown => {
  const o = h.outcome
  return o !== undefined && o._tag === "Failure" ? o.error : undefined
}

/**
 * `EC` as it is, but not an inference site: the children's error type is inferred from
 * the body's `Scope<E>` annotation only, never from the context a scope is passed to.
 */
type Fixed<EC> = [EC] extends [infer X] ? X : never

/**
 * Structured concurrency: run `body` with a {@link Scope} to spawn children into. Nothing
 * the body starts outlives the returned future.
 *
 * - The future completes with the body's return value once the body returned **and** every
 *   child ended (children may keep running, and spawn siblings, after the body returned).
 * - Fail-fast (default): the first failure — of a child or of the body — cancels every other
 *   child and the body at once, and the scope throws it. Failures raised while tearing
 *   down (a throwing `finally`) are kept in `scopeFuture.errors` and attached to the first
 *   error as a non-enumerable `suppressed` array when it is an object.
 * - `mode: "collectAll"`: a failing child cancels nothing. Its failure goes to whoever
 *   awaits its handle (try/catch around `yield* handle` works); failures nobody awaited make
 *   the scope throw {@link ChildrenFailed} with all of them once everything ended. A failure
 *   of the body itself still cancels the children (nobody is left to use their results).
 * - Children are polled by the scope future itself, each with its own waker (a wake of one
 *   child among 10,000 costs one child poll), so scopes run on every executor — no spawner
 *   capability needed.
 * - Cancel order is inner-first: children newest first (a child that is itself a scope
 *   cancels its own children first), then the body, whose `finally` blocks run last.
 *
 * @remarks Cancel safety: cancelling (or disposing) the scope future cancels every child and
 * the body synchronously; every child is cancelled exactly once; then `spawn` throws
 * {@link ScopeClosed}.
 * @throws InvalidArgument when `body` is not a function, or `options` / `mode` / `name` are malformed (at call time).
 * @throws ChildrenFailed in `collectAll` mode when children failed and nobody awaited them.
 *
 * @example
 * ```ts
 * const total = scope(function* (s) {
 *   const a = s.spawn(fetchCount("a"))     // both start at the scope's next poll
 *   const b = s.spawn(fetchCount("b"))
 *   return (yield* a) + (yield* b)         // if one fails, the other is cancelled
 * })
 * ```
 *
 * @example Library author: fetch N pages with at most 4 in flight; cancel all on first error
 * ```ts
 * import { gen, scope, Semaphore, wrap, type Future, type Scope, type SemaphoreClosed } from "@pollable/core"
 *
 * export const fetchAll = <E>(urls: readonly string[], fetchPage: (url: string) => Future<string, E>) =>
 *   scope(function* (s: Scope<E | SemaphoreClosed>) {   // annotate to type the children's errors
 *     const slots = new Semaphore(4)                      // at most 4 fetches in flight
 *     const pages = urls.map((url) =>
 *       s.spawn(gen(function* () {
 *         using _permit = yield* slots.acquire()          // released on success, failure and cancel
 *         return yield* wrap(fetchPage(url))              // wrap: any Future → yield*-able
 *       })),
 *     )
 *     const out: string[] = []
 *     for (const p of pages) out.push(yield* p)           // the first failure cancels every sibling
 *     return out
 *   })
 * // → ScopeFuture<string[], E | SemaphoreClosed>; run it with toPromise / toObservable / toEffect
 * ```
 * The same with a stream: `stream.collect(mapConcurrent(stream.fromIterable(urls), 4, fetchPage, { ordered: true }))`.
 */
export function scope<Y, T, EC = unknown>(
  body: (s: Scope<EC>) => Generator<Y, T, any>,
  options?: ScopeOptions & { readonly mode?: "failFast" | undefined },
): ScopeFuture<T, YieldedError<Y> | Fixed<EC>>
export function scope<Y, T, EC = unknown>(
  body: (s: Scope<EC>) => Generator<Y, T, any>,
  options: ScopeOptions & { readonly mode: "collectAll" },
): ScopeFuture<T, YieldedError<Y> | Fixed<EC> | ChildrenFailed<Fixed<EC>>>
export function scope<Y, T, EC = unknown>(
  body: (s: Scope<EC>) => Generator<Y, T, any>,
  options?: ScopeOptions,
): ScopeFuture<T, YieldedError<Y> | Fixed<EC> | ChildrenFailed<Fixed<EC>>>
export function scope(
  body: (s: Scope<any>) => Generator<unknown, unknown, any>,
  options: ScopeOptions = {},
): ScopeFuture<unknown, unknown> {
  return new ScopeFuture(body, options)
}
