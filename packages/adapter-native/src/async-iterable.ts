import {
  cancelQuietly,
  Done,
  Interrupted,
  stream as streams,
  type Executor,
  type JoinHandle,
  type Stream,
} from "@pollable/core"
import { checkExecutor, checkOptions, checkStream, spawnOn } from "@pollable/core/adapter"
import { ownNative } from "./native-executor.js"

/** Options of {@link toAsyncIterable} and {@link toReadableStream}. */
export interface StreamRunOptions {
  /** Poll the stream on this executor. Default: as {@link toPromise} (scope, selection, native). */
  readonly executor?: Executor | undefined
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined })

/**
 * An async iterator over `source`: each `next()` polls the stream for one item on the
 * executor, so the stream runs only as fast as the loop consumes (backpressure).
 * `for await` over it, and leaving the loop early (`break`, `return`, a throw) cancels
 * the stream.
 *
 * @example
 * ```ts
 * for await (const tick of toAsyncIterable(stream.interval(1_000))) {
 *   if (tick > 3) break // cancels the interval: its timer is removed
 * }
 * ```
 * @throws (from `next()`) what the stream throws; the iteration then ends.
 * @throws InvalidArgument (at call time) when `source` is not a pollable Stream or
 * `executor` is not an executor.
 * @remarks Cancel safety: `return()` cancels the item being polled and the stream.
 * Concurrent `next()` calls are served one after another, in call order.
 */
export function toAsyncIterable<T, E>(source: Stream<T, E>, options: StreamRunOptions = {}): AsyncIterableIterator<T> {
  checkStream("toAsyncIterable(stream)", source)
  checkOptions("toAsyncIterable(stream, options)", options)
  checkExecutor("toAsyncIterable(stream, { executor })", options.executor, true)
  let finished = false
  let inflight: JoinHandle<T | typeof Done, E> | undefined
  let queue: Promise<unknown> = Promise.resolve()

  const pull = async (): Promise<IteratorResult<T, undefined>> => {
    if (finished) return DONE
    const h = (inflight = spawnOn(streams.next(source), options.executor, ownNative))
    try {
      const v = await h
      if (v === Done) {
        finished = true
        return DONE
      }
      return { done: false, value: v as T }
    } catch (e) {
      const byReturn = finished && e instanceof Interrupted
      finished = true
      if (byReturn) return DONE
      throw e
    } finally {
      inflight = undefined
    }
  }

  const it: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T, undefined>> {
      const p = queue.then(pull)
      queue = p.then(
        () => {},
        () => {},
      )
      return p
    },
    return(value?: unknown): Promise<IteratorResult<T>> {
      if (!finished) {
        finished = true
        if (inflight !== undefined) cancelQuietly(inflight)
        cancelQuietly(source)
      }
      return Promise.resolve({ done: true, value: value as T })
    },
    [Symbol.asyncIterator]() {
      return it
    },
  }
  return it
}
