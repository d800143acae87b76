import { Pending, type Poll } from "../contracts/poll.js"
import { InvalidArgument } from "../errors.js"
import { describeArgument } from "../internal/check.js"
import type { Context, Waker } from "../contracts/waker.js"
import { FutureBase } from "../future-base.js"

/**
 * A future the test completes by hand — the test-side half of a callback source. It records
 * what the code under test did to it, so a test can check the rules of the `Future` contract:
 * rule 1 (`waker` is the latest poll's), rule 4 (`registered` is false after cancel, `cancels`
 * counts them), rule 7 (`polls` is 0 until something polls it).
 *
 * Create one with {@link manualFuture}. It is a core future (`yield*`-able in `gen`, rule 3
 * built in: a poll after it returned, threw or was cancelled throws `PollAfterReady`).
 *
 * @example
 * ```ts
 * const f = manualFuture<number>("answer")
 * const h = exec.spawn(map(f, (x) => x + 1))
 * exec.runUntilStalled()
 * expect(f.registered).toBe(true)     // pending, holding the task's waker
 * f.resolve(41)                        // wakes that waker; the next poll returns 41
 * expect(exec.blockOn(h)).toBe(42)
 * ```
 * @remarks Cancel safety: `cancel()` drops the waker (so `registered` becomes false) and
 * ignores a later `resolve`/`reject` — nothing wakes after cancel. A cancel after it
 * completed changes nothing but is still counted in `cancels`.
 */
export class ManualFuture<T = void, E = never> extends FutureBase<T, E> {
  /** How many times `poll` ran (rule 7: 0 until first polled). */
  polls = 0
  /**
   * How many times `cancel()` was called — every call, also the redundant ones (a second
   * cancel, a cancel after it completed), so a test can see them; {@link cancelled} tells
   * whether a cancel took effect.
   */
  cancels = 0
  /** The waker of the latest pending poll, until it is woken, the future completes or is cancelled. */
  waker: Waker | undefined
  #result: { ok: true; v: T } | { ok: false; e: E } | undefined

  /** @throws InvalidArgument when `name` is not a string. */
  constructor(readonly name = "manualFuture") {
    super()
    if (typeof name !== "string")
      throw new InvalidArgument(
        "manualFuture(label)",
        `expected a string, got ${describeArgument(name)}`,
        "pass a label for messages, or leave it out",
      )
  }

  get label(): string {
    return this.name
  }

  /**
   * True while the future holds a waker: it was polled, returned `Pending` and was not woken, completed or cancelled
   * since.
   */
  get registered(): boolean {
    return this.waker !== undefined
  }

  /** True once a `cancel()` took effect (it came before the future returned or threw). */
  get cancelled(): boolean {
    return this.state === 2
  }

  /** True once a poll returned the value or threw the error. */
  get completed(): boolean {
    return this.state === 1
  }

  /** True once `resolve` or `reject` was called (the value may not have been polled out yet). */
  get settled(): boolean {
    return this.#result !== undefined
  }

  /** Complete with `value` at the next poll, and wake the registered waker. No effect after cancel. */
  resolve(value: T): void {
    this.#settle({ ok: true, v: value })
  }

  /** Fail with `error` (thrown by the next poll), and wake the registered waker. No effect after cancel. */
  reject(error: E): void {
    this.#settle({ ok: false, e: error })
  }

  #settle(r: { ok: true; v: T } | { ok: false; e: E }): void {
    if (this.state === 2) return
    this.#result = r
    const w = this.waker
    this.waker = undefined
    w?.wake()
  }

  protected step(cx: Context): Poll<T> {
    this.polls++
    const r = this.#result
    if (r === undefined) {
      this.waker = cx.waker
      return Pending
    }
    this.waker = undefined
    if (r.ok) return r.v
    throw r.e
  }

  override cancel(): void {
    this.cancels++
    super.cancel()
  }

  protected onCancel(): void {
    this.waker = undefined
  }
}

/**
 * A {@link ManualFuture}: a future completed by the test with `resolve(v)` / `reject(e)`, which
 * counts `polls` and `cancels` and exposes the `waker` it holds (`registered`).
 * @param label the name used in its `label` and in `PollAfterReady` messages.
 */
export const manualFuture = <T = void, E = never>(label?: string): ManualFuture<T, E> => new ManualFuture<T, E>(label)
