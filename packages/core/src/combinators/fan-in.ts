import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"

/**
 * One child of a {@link FanIn}: its waker and the `Context` it is polled with, in one object.
 * Waking it marks the child ready and wakes the parent — never polls (rule 2).
 * @internal
 */
class Slot implements Waker, Context {
  queued = true
  constructor(
    readonly owner: FanIn<any>,
    readonly index: number,
  ) {}
  get waker(): Waker {
    return this
  }
  get timer(): Timer | undefined {
    return this.owner.cx?.timer
  }
  get spawner(): Spawner | undefined {
    return this.owner.cx?.spawner
  }
  wake(): void {
    const o = this.owner
    if (!this.queued && o.children[this.index] !== undefined) {
      this.queued = true
      o.ready.push(this.index)
    }
    o.cx?.waker.wake()
  }
}

const ascending = (a: number, b: number): number => a - b

/**
 * Polls many child futures, each only when its own waker fired, so a wake of one child
 * among 10,000 costs one child poll. Used by join, select and friends.
 * @internal
 */
export class FanIn<T> {
  cx: Context | undefined
  readonly children: (Future<T, unknown> | undefined)[]
  ready: number[]
  #spare: number[] = []
  readonly #slots: Slot[]
  #live: number

  /**
   * @param ordered when true, each pass polls the woken children in argument order (not
   * wake order), so among children ready at the same time the earliest argument wins.
   */
  constructor(
    futures: readonly Future<T, unknown>[],
    readonly ordered = false,
  ) {
    this.children = futures.slice()
    this.#live = futures.length
    this.#slots = new Array(futures.length)
    this.ready = new Array(futures.length)
    for (let i = 0; i < futures.length; i++) {
      this.#slots[i] = new Slot(this, i)
      this.ready[i] = i
    }
  }

  /** Children not yet completed or removed. */
  get live(): number {
    return this.#live
  }

  /**
   * Poll every child whose waker fired since the last pass. `onReady(i, value)` is called
   * per completion; returning `true` stops the pass (e.g. select found a winner). A child's
   * throw goes to `onError(i, e)` which may rethrow. Children that wake themselves during
   * the pass are polled in the next pass: the parent is woken, not looped (rule 5).
   */
  pollReady(cx: Context, onReady: (i: number, v: T) => boolean | void, onError: (i: number, e: unknown) => void): void {
    this.cx = cx
    const batch = this.ready
    this.ready = this.#spare
    this.#spare = batch
    if (this.ordered && batch.length > 1) batch.sort(ascending)
    let stop = false
    for (let k = 0; k < batch.length; k++) {
      const i = batch[k]!
      if (stop) {
        this.ready.push(i)
        continue
      }
      const f = this.children[i]
      const slot = this.#slots[i]!
      slot.queued = false
      if (f === undefined) continue
      let r: Poll<T>
      try {
        r = f.poll(slot)
      } catch (e) {
        this.children[i] = undefined
        this.#live--
        try {
          onError(i, e)
        } catch (thrown) {
          batch.length = 0
          throw thrown
        }
        continue
      }
      if (r !== Pending) {
        this.children[i] = undefined
        this.#live--
        if (onReady(i, r as T) === true) stop = true
      }
    }
    batch.length = 0
    if (this.ready.length > 0 && !stop) cx.waker.wake()
  }

  /** Take child `i` out without cancelling it. */
  detach(i: number): Future<T, unknown> | undefined {
    const f = this.children[i]
    if (f !== undefined) {
      this.children[i] = undefined
      this.#live--
    }
    return f
  }

  /** Cancel every child still running (rule 4). */
  cancelAll(): void {
    const cs = this.children
    for (let i = 0; i < cs.length; i++) {
      const f = cs[i]
      if (f !== undefined) {
        cs[i] = undefined
        this.#live--
        f.cancel()
      }
    }
    this.ready.length = 0
    this.cx = undefined
  }
}
