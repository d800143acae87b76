import {
  cancelQuietly,
  Done,
  Interrupted,
  InvalidArgument,
  type StreamBase,
  stream as streams,
  type JoinHandle,
  type Stream,
} from "@pollable/core"
import { spawnOn } from "@pollable/core/adapter"
import type { StreamRunOptions } from "./async-iterable.js"
import { checkExecutor, checkOptions, checkStream } from "@pollable/core/adapter"
import { ownNative } from "./native-executor.js"

/** Options of {@link toReadableStream}. */
export interface ToReadableStreamOptions extends StreamRunOptions {
  /**
   * Items the ReadableStream may pull ahead of its reader. Default 0: the pollable stream
   * is polled only when the consumer reads.
   */
  readonly highWaterMark?: number | undefined
}

/**
 * A WHATWG `ReadableStream` of `source`'s items, with backpressure: `pull` polls the
 * stream for one item on the executor, and with the default `highWaterMark: 0` it is
 * called only when a reader is waiting. `Done` closes it; a throw errors it.
 *
 * @example
 * ```ts
 * const rs = toReadableStream(stream.map(lines(fd), (l) => l + "\n"))
 * await rs.pipeThrough(new TextEncoderStream()).pipeTo(Writable.toWeb(process.stdout))
 * ```
 * @throws InvalidArgument (at call time) when `source` is not a pollable Stream or `executor` is not an executor.
 * @remarks Cancel safety: `rs.cancel()` (or a reader's) cancels the item being polled and
 * the stream.
 */
export function toReadableStream<T, E>(source: Stream<T, E>, options: ToReadableStreamOptions = {}): ReadableStream<T> {
  checkStream("toReadableStream(stream)", source)
  checkOptions("toReadableStream(stream, options)", options)
  checkExecutor("toReadableStream(stream, { executor })", options.executor, true)
  let inflight: JoinHandle<T | typeof Done, E> | undefined
  let cancelled = false
  return new ReadableStream<T>(
    {
      async pull(controller) {
        const h = (inflight = spawnOn(streams.next(source), options.executor, ownNative))
        try {
          const v = await h
          if (v === Done) controller.close()
          else controller.enqueue(v as T)
        } catch (e) {
          if (!cancelled) controller.error(e)
        } finally {
          inflight = undefined
        }
      },
      cancel() {
        cancelled = true
        if (inflight !== undefined) cancelQuietly(inflight)
        cancelQuietly(source)
      },
    },
    { highWaterMark: options.highWaterMark ?? 0 },
  )
}

/**
 * A pollable stream of a WHATWG `ReadableStream`'s chunks. Lazy: the reader is acquired
 * at the first poll, and one `read()` is issued per poll that needs an item, so the
 * source is pulled only as fast as the stream is consumed (backpressure).
 *
 * @example
 * ```ts
 * const res = await fetch(url)
 * const total = await toPromise(stream.collect(stream.map(fromReadableStream(res.body!), (c) => c.length)))
 * ```
 * @throws (at poll) what the ReadableStream errors with.
 * @throws InvalidArgument (at call time) when `source` is not a ReadableStream.
 * @remarks Cancel safety: cancelling cancels the ReadableStream (through its reader, with
 * an `Interrupted` reason) if reading had started; a read in flight is dropped.
 */
export function fromReadableStream<T>(source: ReadableStream<T>): StreamBase<T, unknown> {
  if (
    typeof source !== "object" ||
    source === null ||
    typeof (source as { getReader?: unknown }).getReader !== "function"
  ) {
    throw new InvalidArgument(
      "fromReadableStream(source)",
      `expected a WHATWG ReadableStream, got ${source === null ? "null" : typeof source}`,
      "pass a ReadableStream (e.g. response.body); wrap an async iterable with fromAsyncIterable",
    )
  }
  // A reader is an async iterator in all but name: core's fromAsyncIterable does the
  // pull-one-item-per-poll bookkeeping, this only maps read/cancel onto it.
  return streams.fromAsyncIterable<T>({
    [Symbol.asyncIterator]: () => {
      const reader = source.getReader()
      return {
        next: () =>
          reader.read().then((r) => {
            if (r.done) reader.releaseLock()
            return r as IteratorResult<T>
          }),
        // cancelling through the reader also settles a read in flight; core swallows a rejection here
        return: () =>
          reader
            .cancel(new Interrupted("fromReadableStream()"))
            .then(() => ({ done: true, value: undefined }) as IteratorResult<T>),
      }
    },
  })
}
