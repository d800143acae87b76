import { Pending, type Poll } from "../contracts/poll.js"
import { checkStream } from "../internal/check.js"
import { Done, type ItemOf, type Stream, type StreamErrorOf } from "../contracts/stream.js"
import type { Context, Waker } from "../contracts/waker.js"
import { Ring } from "../internal/ring.js"
import { StreamBase } from "./stream-base.js"
import { ChildWaker as Slot, type ChildOwner } from "../combinators/child-waker.js"
import { cancelQuietly } from "../fault/teardown.js"

class Merge<T, E> extends StreamBase<T, E> implements ChildOwner {
  cx: Context | undefined
  /** The waker of the latest poll, read during it (see {@link ChildOwner}). */
  parent: Waker | undefined
  readonly sources: (Stream<T, E> | undefined)[]
  readonly ready = new Ring<number>()
  readonly #slots: Slot[]
  #live: number
  constructor(sources: readonly Stream<T, E>[]) {
    super()
    this.sources = sources.slice()
    this.#live = sources.length
    this.#slots = sources.map((_, i) => new Slot(this, i))
    for (let i = 0; i < sources.length; i++) this.ready.push(i)
  }
  /** @internal */
  isLive(i: number): boolean {
    return this.sources[i] !== undefined
  }
  get label(): string {
    return `merge(${this.sources.length} streams)`
  }
  protected step(cx: Context): Poll<T | typeof Done> {
    this.cx = cx
    this.parent = cx.waker
    const q = this.ready
    for (let n = q.length; n > 0; n--) {
      const i = q.shift()!
      const slot = this.#slots[i]!
      slot.queued = false
      const s = this.sources[i]
      if (s === undefined) continue
      let r: Poll<T | typeof Done>
      try {
        r = s.pollNext(slot)
      } catch (e) {
        this.sources[i] = undefined
        this.#live--
        this.#cancelAll()
        throw e
      }
      if (r === Pending) continue
      if (r === Done) {
        this.sources[i] = undefined
        this.#live--
        continue
      }
      // The source may have more: it goes to the back, behind the others (fairness).
      if (!slot.queued) {
        slot.queued = true
        q.push(i)
      }
      return r
    }
    if (this.#live === 0) return Done
    if (q.length > 0) cx.waker.wake()
    return Pending
  }
  protected override onFinish(): void {
    this.cx = undefined
    this.parent = undefined
  }
  #cancelAll(): void {
    const ss = this.sources
    for (let i = 0; i < ss.length; i++) {
      const s = ss[i]
      if (s !== undefined) {
        ss[i] = undefined
        cancelQuietly(s)
      }
    }
    this.#live = 0
    this.cx = undefined
    this.parent = undefined
  }
  /**
   * A cancelled `next()`: forget its waker and have every live source forget its slot's
   * registrations (timers); those sources are queued so the next poll polls each again.
   */
  protected override onDropWaker(waker: Waker): void {
    if (this.parent !== waker) return
    this.cx = undefined
    this.parent = undefined
    const ss = this.sources
    for (let i = 0; i < ss.length; i++) {
      const s = ss[i]
      if (s === undefined || s.dropWaker === undefined) continue
      const slot = this.#slots[i]!
      s.dropWaker(slot)
      if (!slot.queued) {
        slot.queued = true
        this.ready.push(i)
      }
    }
  }
  protected onCancel(): void {
    this.#cancelAll()
  }
}

/**
 * Interleave the items of several streams as they become ready; ends when all have ended.
 * Fair: each source is polled only when its own waker fired, in the order they fired, and
 * a source that produced an item goes behind the others — one busy source cannot starve
 * the rest. A failure of any source cancels the others and fails the merge.
 * @remarks Cancel safety: cancelling cancels every source still running. Cancelling a
 * `next()` loses no item (an item is taken from a source only by the poll that returns it).
 */
export const merge = <const Ss extends readonly Stream<any, any>[]>(
  ...streams: Ss
): StreamBase<ItemOf<Ss[number]>, StreamErrorOf<Ss[number]>> => {
  streams.forEach((s, i) => checkStream(`stream.merge(): stream #${i}`, s))
  return new Merge(streams)
}
