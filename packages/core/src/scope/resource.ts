import { cancelQuietly } from "../fault/teardown.js"
import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { reportFault } from "../fault/report.js"
import { FutureBase } from "../future-base.js"
import { asyncDisposeSymbol, disposeSymbol } from "../internal/dispose.js"

/**
 * An acquired resource: its `value`, and `release()` — which runs the resource's release
 * function exactly once, however many times it is called. `using` calls it at the end of the
 * block, also when the enclosing `gen` is cancelled.
 */
export class Acquired<R> {
  #release: ((resource: R) => void) | undefined
  /** @internal made by `acquireRelease` */
  constructor(
    readonly value: R,
    release: (resource: R) => void,
  ) {
    this.#release = release
  }
  /** True until `release()` ran. */
  get held(): boolean {
    return this.#release !== undefined
  }
  /**
   * Run the release function (only the first call does anything).
   * @throws whatever the release function throws (with `using`, JavaScript attaches it to the
   * block's own error as `SuppressedError`).
   */
  release(): void {
    const r = this.#release
    if (r === undefined) return
    this.#release = undefined
    r(this.value)
  }
  /** {@link release}, for `using`. */
  [disposeSymbol](): void {
    this.release()
  }
  /** {@link release}, for `await using` in async code. */
  [asyncDisposeSymbol](): Promise<void> {
    try {
      this.release()
      return Promise.resolve()
    } catch (e) {
      return Promise.reject(e)
    }
  }
}

/**
 * A resource that is acquired when first polled: a future of an {@link Acquired} handle
 * (`using r = yield* resource` in `gen`), or run around a body with {@link Resource.use}.
 * Like every future, it is used once.
 */
export class Resource<R, E> extends FutureBase<Acquired<R>, E> {
  #acquire: Future<R, E> | undefined
  readonly #release: (resource: R) => void
  /** @internal use `acquireRelease` */
  constructor(acquire: Future<R, E>, release: (resource: R) => void) {
    super()
    this.#acquire = acquire
    this.#release = release
  }
  get label(): string {
    return `acquireRelease(${String(this.#acquire ?? "…")})`
  }
  protected step(cx: Context): Poll<Acquired<R>> {
    const r = this.#acquire!.poll(cx)
    if (r === Pending) return Pending
    this.#acquire = undefined
    return new Acquired(r, this.#release)
  }
  protected onCancel(): void {
    const a = this.#acquire
    this.#acquire = undefined
    a?.cancel()
  }
  /**
   * Acquire, run `body(value)`, and release exactly once when the body succeeds, fails or is
   * cancelled (also when the returned future is cancelled during the acquire: then the
   * acquire is cancelled and nothing is released, as nothing was acquired).
   * @remarks Rule 8: a release that throws never replaces the outcome the body decided — the
   * body's value or error stands, and the release error goes to the fault reporter
   * (`reportFault`).
   * @throws InvalidArgument when `body` is not a function (at call time) or returns
   * something that is not a future (at poll; the resource is released).
   */
  use<T, E2>(body: (resource: R) => Future<T, E2>): Pollable<T, E | E2> {
    checkFunction("resource.use(body)", body)
    return new Use(this, body)
  }
}

class Use<R, E, T, E2> extends FutureBase<T, E | E2> {
  #resource: Resource<R, E> | undefined
  #body: ((resource: R) => Future<T, E2>) | undefined
  #held: Acquired<R> | undefined
  #running: Future<T, E2> | undefined
  constructor(resource: Resource<R, E>, body: (resource: R) => Future<T, E2>) {
    super()
    this.#resource = resource
    this.#body = body
  }
  get label(): string {
    return "resource.use()"
  }
  protected step(cx: Context): Poll<T> {
    let running = this.#running
    if (running === undefined) {
      const acquired = this.#resource!.poll(cx)
      if (acquired === Pending) return Pending
      this.#resource = undefined
      this.#held = acquired
      const body = this.#body!
      this.#body = undefined
      let f: Future<T, E2>
      try {
        f = body(acquired.value)
        if (typeof f?.poll !== "function") {
          throw new InvalidArgument(
            "resource.use(body)",
            `body returned ${f === null ? "null" : typeof f}, not a future`,
            "return a future from body",
          )
        }
      } catch (e) {
        this.#releaseQuietly()
        throw e
      }
      running = this.#running = f
    }
    let r: Poll<T>
    try {
      r = running.poll(cx)
    } catch (e) {
      this.#running = undefined
      this.#releaseQuietly()
      throw e
    }
    if (r === Pending) return Pending
    this.#running = undefined
    this.#releaseQuietly()
    return r
  }
  /** Release; a throwing release is reported, never allowed to replace the decided outcome. */
  #releaseQuietly(): void {
    const held = this.#held
    this.#held = undefined
    try {
      held?.release()
    } catch (e) {
      reportFault(e, "the release function of acquireRelease threw")
    }
  }
  protected onCancel(): void {
    const running = this.#running
    this.#running = undefined
    const resource = this.#resource
    this.#resource = undefined
    this.#body = undefined
    if (running !== undefined) cancelQuietly(running, "the body of resource.use")
    if (resource !== undefined) cancelQuietly(resource, "the acquire of resource.use")
    this.#releaseQuietly()
  }
}

/**
 * A resource with a guaranteed release (Effect's `acquireRelease`, effection's `resource`):
 * `acquire` is a future of the resource, `release` frees it and runs exactly once — after
 * success, failure or cancellation of the code using it.
 *
 * Use it with `using` inside `gen` (release at the end of the block, also when the gen is
 * cancelled), or with `.use(body)` to scope it to one future. Nothing is released when the
 * acquire itself fails or is cancelled: nothing was acquired.
 *
 * `release` is synchronous, like Rust's `Drop`: `cancel()` is synchronous, so a release must
 * finish before it returns. To tear down asynchronously, start the work from `release`
 * (spawn it) and let it finish on its own.
 *
 * @throws InvalidArgument when `acquire` is not a future or `release` not a function.
 * @remarks Cancel safety: cancelling during the acquire cancels it (nothing to release);
 * cancelling while the resource is held runs `release` once.
 * @example
 * ```ts
 * const query = gen(function* () {
 *   using conn = yield* acquireRelease(connect(url), (c) => c.close())
 *   return yield* conn.value.query("select 1")      // conn.close() on success, failure, cancel
 * })
 * const same = acquireRelease(connect(url), (c) => c.close()).use((c) => c.query("select 1"))
 * ```
 */
export function acquireRelease<R, E>(acquire: Future<R, E>, release: (resource: R) => void): Resource<R, E> {
  if (typeof (acquire as { poll?: unknown } | null)?.poll !== "function") {
    throw new InvalidArgument(
      "acquireRelease(acquire, release)",
      `acquire is ${acquire === null ? "null" : typeof acquire}, not a future`,
      "pass the future that acquires the resource",
    )
  }
  checkFunction("acquireRelease(acquire, release)", release)
  return new Resource(acquire, release)
}
