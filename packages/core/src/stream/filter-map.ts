import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { checkFunction } from "../internal/check.js"
import { ITEM_BUDGET } from "./internal.js"
import { OneSource } from "./one-source.js"
import type { StreamBase } from "./stream-base.js"

class FilterMap<T, U, E> extends OneSource<T, U, E> {
  constructor(
    source: Stream<T, E>,
    readonly f: (item: T) => U | undefined,
  ) {
    super(source)
  }
  get label(): string {
    return `filterMap(${String(this.source)})`
  }
  protected step(cx: Context): Poll<U | typeof Done> {
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const r = this.source.pollNext(cx)
      if (r === Pending) return Pending
      if (r === Done) return Done
      const u = this.f(r as T)
      if (u !== undefined) return u
    }
    cx.waker.wake()
    return Pending
  }
}

/**
 * Map and filter in one (futures' `filter_map`): `f` returns the new item, or `undefined`
 * to drop it.
 * @throws InvalidArgument when `f` is not a function.
 * @remarks Cancel safety: cancelling cancels `source`; like `source` for `next()`.
 */
export function filterMap<T, U, E>(source: Stream<T, E>, f: (item: T) => U | undefined): StreamBase<U, E> {
  checkFunction("stream.filterMap(source, f)", f)
  return new FilterMap(source, f)
}
