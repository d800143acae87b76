import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { FutureBase } from "../future-base.js"
import { OneSource } from "./one-source.js"

const EMPTY: unique symbol = Symbol("pollable.Peekable.empty")

/** A stream whose next item can be looked at without taking it (see {@link peekable}). */
export class Peekable<T, E> extends OneSource<T, T, E> {
  #peeked: T | typeof Done | typeof EMPTY = EMPTY
  get label(): string {
    return `peekable(${String(this.source)})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const p = this.#peeked
    if (p !== EMPTY) {
      this.#peeked = EMPTY
      return p
    }
    return this.source.pollNext(cx)
  }
  /**
   * Poll for the next item without taking it: the item (kept for the next `pollNext`),
   * `Done`, or `Pending` after registering `cx.waker`.
   * @throws what `source` throws (the stream is then finished).
   */
  pollPeek(cx: Context): Poll<T | typeof Done> {
    if (this.#peeked !== EMPTY) return this.#peeked
    if (this.terminated) return Done
    let r: Poll<T | typeof Done>
    try {
      r = this.source.pollNext(cx)
    } catch (e) {
      this.cancel()
      throw e
    }
    if (r !== Pending) this.#peeked = r
    return r
  }
  /**
   * A future of the next item (or `Done`) that leaves it in the stream: the next `next()` /
   * `pollNext` returns it.
   * @remarks Cancel safety: cancelling loses nothing — a peeked item stays in the stream.
   */
  peek(): Pollable<T | typeof Done, E> {
    return new Peek(this)
  }
  protected override onCancel(): void {
    this.#peeked = EMPTY
    super.onCancel()
  }
}

class Peek<T, E> extends FutureBase<T | typeof Done, E> {
  #waker: Waker | undefined
  constructor(readonly s: Peekable<T, E>) {
    super()
  }
  get label(): string {
    return `peek(${this.s.label})`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    const r = this.s.pollPeek(cx)
    this.#waker = r === Pending ? cx.waker : undefined
    return r
  }
  protected onCancel(): void {
    const w = this.#waker
    this.#waker = undefined
    if (w !== undefined) this.s.dropWaker(w) // release what the source armed for this peek
  }
}

/**
 * Wrap `source` so its next item can be looked at before it is taken (futures'
 * `Peekable`): `yield* p.peek()` returns the next item and leaves it for `p.next()`.
 * @remarks Cancel safety: cancelling cancels `source` (and drops a peeked item); a cancelled
 * `peek()` or `next()` loses no item.
 * @example
 * ```ts
 * const p = stream.peekable(tokens)
 * while ((yield* p.peek()) === " ") yield* p.next()   // skip spaces, keep the first other token
 * ```
 */
export const peekable = <T, E>(source: Stream<T, E>): Peekable<T, E> => new Peekable(source)
