import { InvalidArgument } from "@pollable/core"

const kind = (x: unknown): string => (x === null ? "null" : typeof x)

/** @internal Throws `InvalidArgument` unless `x` is a Future (an object with `poll` and `cancel`). */
export function checkFuture(where: string, x: unknown): void {
  const f = x as { poll?: unknown; cancel?: unknown } | null
  if ((typeof x !== "object" && typeof x !== "function") || f === null || typeof f.poll !== "function" || typeof f.cancel !== "function") {
    throw new InvalidArgument(where, `expected a Future (an object with poll and cancel), got ${kind(x)}`, "pass a future; wrap a Promise with fromPromise(() => promise)")
  }
}

/** @internal Throws `InvalidArgument` unless `x` is a pollable Stream (an object with `pollNext` and `cancel`). */
export function checkStream(where: string, x: unknown): void {
  const s = x as { pollNext?: unknown; cancel?: unknown } | null
  if (typeof x !== "object" || s === null || typeof s.pollNext !== "function" || typeof s.cancel !== "function") {
    throw new InvalidArgument(where, `expected a pollable Stream (an object with pollNext and cancel), got ${kind(x)}`, "pass a Stream, e.g. stream.fromIterable([...]); wrap an async iterable with fromAsyncIterable")
  }
}

/** @internal Throws `InvalidArgument` unless `x` is `undefined` or an `AbortSignal`-like object. */
export function checkSignal(where: string, x: unknown): void {
  if (x === undefined) return
  const s = x as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null
  if (typeof x !== "object" || s === null || typeof s.aborted !== "boolean" || typeof s.addEventListener !== "function" || typeof s.removeEventListener !== "function") {
    throw new InvalidArgument(where, `expected an AbortSignal, got ${kind(x)}`, "pass controller.signal of an AbortController, or leave the option out")
  }
}
