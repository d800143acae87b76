import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction } from "../internal/check.js"
import { ITEM_BUDGET } from "./internal.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class Distinct<T, K, E> extends OneSource<T, T, E> {
  #seen: Set<K> | undefined = new Set()
  constructor(
    source: Stream<T, E>,
    readonly key: (item: T) => K,
  ) {
    super(source)
  }
  get label(): string {
    return `distinct(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const seen = this.#seen!
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const r = this.source.pollNext(cx)
      if (r === Pending || r === Done) return r
      const k = this.key(r as T)
      if (seen.has(k)) continue
      seen.add(k)
      return r
    }
    cx.waker.wake()
    return Pending
  }
  protected override onFinish(): void {
    this.#seen = undefined
    super.onFinish()
  }
  protected override onCancel(): void {
    this.#seen = undefined
    super.onCancel()
  }
}

class DistinctUntilChanged<T, E> extends OneSource<T, T, E> {
  #has = false
  #last: T | undefined
  constructor(
    source: Stream<T, E>,
    readonly eq: (a: T, b: T) => boolean,
  ) {
    super(source)
  }
  get label(): string {
    return `distinctUntilChanged(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const r = this.source.pollNext(cx)
      if (r === Pending || r === Done) return r
      if (this.#has && this.eq(this.#last as T, r as T)) continue
      this.#has = true
      this.#last = r as T
      return r
    }
    cx.waker.wake()
    return Pending
  }
}

/**
 * Items whose `key(item)` (the item itself by default, compared with `Set` semantics) was not
 * seen before (RxJS's `distinct`). The seen keys are kept until the stream ends.
 * @throws InvalidArgument when `key` is given and not a function.
 * @remarks Cancel safety: cancelling cancels `source` and drops the seen keys; like `source`
 * for `next()`.
 */
export function distinct<T, E, K = T>(source: Stream<T, E>, key?: (item: T) => K): StreamBase<T, E> {
  if (key !== undefined) checkFunction("stream.distinct(source, key)", key)
  return new Distinct<T, K, E>(source, key ?? ((x: T) => x as unknown as K))
}

/**
 * Drop items equal to the one before (RxJS's `distinctUntilChanged`); `eq` is `Object.is` by
 * default.
 * @throws InvalidArgument when `eq` is given and not a function.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export function distinctUntilChanged<T, E>(
  source: Stream<T, E>,
  eq?: (previous: T, item: T) => boolean,
): StreamBase<T, E> {
  if (eq !== undefined) checkFunction("stream.distinctUntilChanged(source, eq)", eq)
  return new DistinctUntilChanged(source, eq ?? Object.is)
}
