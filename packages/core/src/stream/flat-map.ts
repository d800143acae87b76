import { cancelQuietly } from "../fault/teardown.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFunction } from "../internal/check.js"
import { ITEM_BUDGET } from "./internal.js"
import { StreamBase } from "./stream-base.js"

/** 0: merge up to `concurrency` inner streams; 1: switch to the newest; 2: exhaust (ignore while busy). */
type Mode = 0 | 1 | 2
const LABELS = ["flatMap", "switchMap", "exhaustMap"] as const

class FlatMap<T, U, E, E2> extends StreamBase<U, E | E2> {
  #outer: Stream<T, E> | undefined
  #inners: Stream<U, E2>[] = []
  /** Round-robin start: the inner after the one that produced the last item goes first. */
  #next = 0
  constructor(
    outer: Stream<T, E>,
    readonly f: (item: T) => Stream<U, E2>,
    readonly mode: Mode,
    readonly concurrency: number,
  ) {
    super()
    this.#outer = outer
  }
  get label(): string {
    return `${LABELS[this.mode]}(${String(this.#outer)})`
  }
  #make(item: T): Stream<U, E2> {
    const s = this.f(item)
    if (typeof s?.pollNext !== "function") {
      throw new InvalidArgument(
        `stream.${LABELS[this.mode]}(source, f)`,
        `f returned ${s === null ? "null" : typeof s}, not a stream`,
        "return a stream (stream.fromIterable([x]) for one item)",
      )
    }
    return s
  }
  /** Take what the outer stream has ready, per the mode. False: gave up after the item budget. */
  #pullOuter(cx: Context): boolean {
    for (let n = 0; n < ITEM_BUDGET; n++) {
      const outer = this.#outer
      if (outer === undefined) return true
      if (this.mode === 0 && this.#inners.length >= this.concurrency) return true
      const r = outer.pollNext(cx)
      if (r === Pending) return true
      if (r === Done) {
        this.#outer = undefined
        return true
      }
      if (this.mode === 1) {
        // switch: the newest item wins; the running inner stream is cancelled
        const old = this.#inners
        this.#inners = []
        for (const s of old) cancelQuietly(s, "a switchMap inner stream")
        this.#inners.push(this.#make(r as T))
      } else if (this.mode === 2 && this.#inners.length > 0) {
        // exhaust: busy, so the item is dropped
      } else {
        this.#inners.push(this.#make(r as T))
      }
    }
    return false
  }
  protected step(cx: Context): Poll<U | typeof Done> {
    try {
      for (;;) {
        if (!this.#pullOuter(cx)) {
          cx.waker.wake() // an outer stream that is always ready: give other tasks a turn
          return Pending
        }
        const inners = this.#inners
        const n = inners.length
        let ended: Set<Stream<U, E2>> | undefined
        let item: Poll<U | typeof Done> = Pending
        for (let k = 0; k < n; k++) {
          const i = (this.#next + k) % n
          const s = inners[i]!
          const r = s.pollNext(cx)
          if (r === Pending) continue
          if (r === Done) {
            ;(ended ??= new Set()).add(s)
            continue
          }
          this.#next = i + 1
          item = r
          break
        }
        if (ended !== undefined) this.#inners = inners.filter((s) => !ended.has(s))
        if (item !== Pending) return item
        if (ended !== undefined) {
          // a finished inner frees a slot: the outer stream may start another one
          if (this.#outer !== undefined) continue
        }
        if (this.#outer === undefined && this.#inners.length === 0) return Done
        return Pending
      }
    } catch (e) {
      this.#cancelAll()
      throw e
    }
  }
  #cancelAll(): void {
    const outer = this.#outer
    this.#outer = undefined
    const inners = this.#inners
    this.#inners = []
    // rule 8: one teardown that throws must not keep the others running
    if (outer !== undefined) cancelQuietly(outer, "a flatMap source")
    for (const s of inners) cancelQuietly(s, "a flatMap inner stream")
  }
  protected override onFinish(): void {
    this.#cancelAll()
  }
  protected override onDropWaker(waker: Waker): void {
    this.#outer?.dropWaker?.(waker)
    for (const s of this.#inners) s.dropWaker?.(waker)
  }
  protected onCancel(): void {
    this.#cancelAll()
  }
}

/** Options of {@link flatMap} and {@link flatten}. */
export interface FlatMapOptions {
  /** How many inner streams run at once (`Infinity`, the default, as RxJS's `mergeMap`). */
  readonly concurrency?: number | undefined
}

const checkConcurrency = (where: string, c: number | undefined): number => {
  if (c === undefined) return Infinity
  if (typeof c !== "number" || !(c === Infinity || Number.isInteger(c)) || c < 1) {
    throw new InvalidArgument(
      where,
      `concurrency must be a whole number >= 1 or Infinity, got ${String(c)}`,
      "pass 1 for one inner stream at a time",
    )
  }
  return c
}

/**
 * Map every item of `source` to a stream and interleave their items (RxJS's
 * `mergeMap`/`flatMap`; with `concurrency: 1`, futures' `flat_map` and RxJS's `concatMap`).
 * At most `concurrency` inner streams run at once; the next item of `source` is taken only
 * when one of them ended. Inner streams are polled round-robin, so a busy one cannot starve
 * the others. Ends when `source` and every inner stream ended; any failure cancels the rest.
 * @throws InvalidArgument when `f` is not a function or `concurrency` is not a whole number
 * >= 1 (at call time), or `f` returns something that is not a stream (at poll).
 * @remarks Cancel safety: cancelling cancels `source` and every running inner stream. A
 * cancelled `next()` loses no item: items are taken from a stream only by the poll that
 * returns them; `dropWaker` is forwarded to all of them.
 * @example
 * ```ts
 * const pages = stream.flatMap(ids, (id) => fetchPages(id), { concurrency: 4 })
 * ```
 */
export function flatMap<T, U, E, E2>(
  source: Stream<T, E>,
  f: (item: T) => Stream<U, E2>,
  options?: FlatMapOptions,
): StreamBase<U, E | E2> {
  checkFunction("stream.flatMap(source, f)", f)
  return new FlatMap(source, f, 0, checkConcurrency("stream.flatMap(source, f, { concurrency })", options?.concurrency))
}

/**
 * A stream of streams, flattened: {@link flatMap} with the identity (`concurrency: 1`
 * concatenates them).
 * @remarks Cancel safety: as {@link flatMap}.
 */
export function flatten<U, E, E2>(source: Stream<Stream<U, E2>, E>, options?: FlatMapOptions): StreamBase<U, E | E2> {
  return new FlatMap(
    source,
    (s: Stream<U, E2>) => s,
    0,
    checkConcurrency("stream.flatten(source, { concurrency })", options?.concurrency),
  )
}

/**
 * {@link flatMap} with `concurrency: 1`: each inner stream runs to its end before the next
 * starts (RxJS's `concatMap`).
 * @remarks Cancel safety: as {@link flatMap}.
 */
export function concatMap<T, U, E, E2>(source: Stream<T, E>, f: (item: T) => Stream<U, E2>): StreamBase<U, E | E2> {
  checkFunction("stream.concatMap(source, f)", f)
  return new FlatMap(source, f, 0, 1)
}

/**
 * Map every item to a stream and follow only the newest (RxJS's `switchMap`): a new item of
 * `source` cancels the running inner stream. Items of `source` that arrive together are
 * collapsed to the last. Ends when `source` and the current inner stream ended.
 * @throws InvalidArgument when `f` is not a function (at call time) or returns something
 * that is not a stream (at poll).
 * @remarks Cancel safety: cancelling cancels `source` and the inner stream. A cancelled
 * `next()` loses no item of the current inner stream; an inner stream replaced meanwhile is
 * cancelled, as switching means.
 * @example
 * ```ts
 * const results = stream.switchMap(queries, (q) => search(q))   // a new query cancels the old search
 * ```
 */
export function switchMap<T, U, E, E2>(source: Stream<T, E>, f: (item: T) => Stream<U, E2>): StreamBase<U, E | E2> {
  checkFunction("stream.switchMap(source, f)", f)
  return new FlatMap(source, f, 1, 1)
}

/**
 * Map an item to a stream only when none is running; items of `source` that arrive while one
 * runs are dropped (RxJS's `exhaustMap`: ignore clicks while a request is in flight).
 * @throws InvalidArgument when `f` is not a function (at call time) or returns something
 * that is not a stream (at poll).
 * @remarks Cancel safety: cancelling cancels `source` and the inner stream; a cancelled
 * `next()` loses no item of the inner stream.
 */
export function exhaustMap<T, U, E, E2>(source: Stream<T, E>, f: (item: T) => Stream<U, E2>): StreamBase<U, E | E2> {
  checkFunction("stream.exhaustMap(source, f)", f)
  return new FlatMap(source, f, 2, 1)
}
