import type { Future } from "../contracts/future.js"
import type { Stream } from "../contracts/stream.js"
import { InvalidArgument } from "../errors.js"
import { checkCount, checkFunction, checkStream } from "../internal/check.js"
import { map } from "./map.js"
import type { StreamBase } from "./stream-base.js"
import { buffered } from "./buffered.js"
import { bufferUnordered } from "./buffer-unordered.js"

/** Options of {@link mapConcurrent}. */
export interface MapConcurrentOptions {
  /** Emit in source order (like {@link buffered}) instead of completion order. Default `false`. */
  readonly ordered?: boolean | undefined
}

/**
 * Map every item of `source` to a future with `f` and run at most `n` of them at a time;
 * values come out in completion order (or source order with `{ ordered: true }`).
 * `f` is called only when a slot is free, so at most `n` futures exist at once.
 *
 * The first failure — of a future, of `f`, or of `source` — fails the stream and cancels
 * everything still in flight.
 *
 * @remarks Cancel safety: cancelling the stream cancels every in-flight future and `source`.
 * @throws InvalidArgument when `n` is not an integer >= 1, `f` not a function, or `options.ordered`
 * not a boolean (at call time).
 *
 * @example Library author: fetch N pages with at most 4 in flight; cancel all on first error
 * ```ts
 * import { gen, mapConcurrent, stream, type Future } from "@pollable/core"
 *
 * export const fetchAll = <E>(urls: readonly string[], fetchPage: (url: string) => Future<string, E>) =>
 *   stream.collect(mapConcurrent(stream.fromIterable(urls), 4, fetchPage, { ordered: true }))
 * // → Future<string[], E>: the first failing fetch cancels the (up to 3) others in flight
 * ```
 */
export function mapConcurrent<T, U, E, ES = never>(
  source: Stream<T, ES>,
  n: number,
  f: (item: T) => Future<U, E>,
  options: MapConcurrentOptions = {},
): StreamBase<U, E | ES> {
  checkStream("mapConcurrent(source, n, f)", source)
  checkCount("mapConcurrent(source, n, f)", n, 1)
  checkFunction("mapConcurrent(source, n, f)", f)
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgument(
      "mapConcurrent(source, n, f, options)",
      `expected an options object, got ${options === null ? "null" : typeof options}`,
      "pass { ordered: true } or nothing",
    )
  }
  if (options.ordered !== undefined && typeof options.ordered !== "boolean") {
    throw new InvalidArgument(
      "mapConcurrent(source, n, f, options)",
      `ordered must be a boolean, got ${typeof options.ordered}`,
      "pass ordered: true (source order) or false (completion order)",
    )
  }
  const futures = map(source, f) as Stream<Future<U, E>, ES>
  return options.ordered === true ? buffered(futures, n) : bufferUnordered(futures, n)
}
