import type { Future, Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction, checkStream } from "../internal/check.js"
import { FutureBase } from "../future-base.js"
import { ITEM_BUDGET } from "./internal.js"
import { Next } from "./stream-base.js"
import { cancelQuietly, cancelWith } from "../fault/teardown.js"

const isFuture = (x: unknown): x is Future<unknown, unknown> =>
  typeof x === "object" && x !== null && typeof (x as Future<unknown>).poll === "function"

class Collect<T, E> extends FutureBase<T[], E> {
  #items: T[] = []
  constructor(readonly source: Stream<T, E>) {
    super()
  }
  get label(): string {
    return `collect(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T[]> {
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const r = this.source.pollNext(cx)
      if (r === Pending) return Pending
      if (r === Done) return this.#items
      this.#items.push(r as T)
    }
    cx.waker.wake()
    return Pending
  }
  protected onCancel(): void {
    this.#items = []
    cancelQuietly(this.source)
  }
}

class ForEach<T, E, E2> extends FutureBase<void, E | E2> {
  #body: Future<unknown, E2> | undefined
  constructor(
    readonly source: Stream<T, E>,
    readonly f: (item: T) => void | Future<unknown, E2>,
  ) {
    super()
  }
  get label(): string {
    return `forEach(${String(this.source)})`
  }
  protected step(cx: Context): Poll<void> {
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const body = this.#body
      if (body !== undefined) {
        let r: unknown
        try {
          r = body.poll(cx)
        } catch (e) {
          this.#body = undefined
          throw cancelWith(this.source, e)
        }
        if (r === Pending) return Pending
        this.#body = undefined
      }
      let item: Poll<T | typeof Done>
      item = this.source.pollNext(cx)
      if (item === Pending) return Pending
      if (item === Done) return undefined
      let out: void | Future<unknown, E2>
      try {
        out = this.f(item as T)
      } catch (e) {
        throw cancelWith(this.source, e)
      }
      if (isFuture(out)) this.#body = out
    }
    cx.waker.wake()
    return Pending
  }
  protected onCancel(): void {
    const b = this.#body
    this.#body = undefined
    if (b !== undefined) cancelQuietly(b)
    cancelQuietly(this.source)
  }
}

/**
 * A future of every item, in order, as an array.
 * @remarks Cancel safety: cancelling cancels `source`; the items collected so far are lost.
 */
export const collect = <T, E>(source: Stream<T, E>): Pollable<T[], E> => {
  checkStream("stream.collect(source)", source)
  return new Collect(source)
}

/**
 * Run `f` for every item. When `f` returns a future, it is awaited before the next item is
 * pulled (so the body can `sleep`, `send` to a channel, … — a natural backpressure loop).
 * A throw of `f` or a failure of its future cancels `source` and fails the `forEach`.
 *
 * @example
 * ```ts
 * yield* stream.forEach(rx, (msg) => gen(function* () {
 *   yield* sleep(10)
 *   log(msg)
 * }))
 * ```
 * @throws InvalidArgument when `f` is not a function.
 * @remarks Cancel safety: cancelling cancels the body future in flight and `source`.
 */
export function forEach<T, E, E2 = never>(
  source: Stream<T, E>,
  f: (item: T) => void | Future<unknown, E2>,
): Pollable<void, E | E2> {
  checkStream("stream.forEach(source, f)", source)
  checkFunction("stream.forEach(source, f)", f)
  return new ForEach(source, f)
}

/**
 * A future of the next item of any stream, or `Done` when it has ended — the free-function
 * form of `StreamBase#next()`, for streams not built on `StreamBase`.
 * @remarks Cancel safety: cancelling it neither cancels the stream nor loses an item.
 */
export const next = <T, E>(source: Stream<T, E>): Pollable<T | typeof Done, E> => {
  checkStream("stream.next(source)", source)
  return new Next(source)
}
