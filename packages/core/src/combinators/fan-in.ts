import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { ChildWaker as Slot, type ChildOwner } from "./child-waker.js"
import { clearArray } from "../internal/clear-array.js"
import { cancelQuietly } from "../fault/teardown.js"

const ascending = (a: number, b: number): number => a - b

/** What a {@link FanIn} pass reports to its owner (methods, so a pass allocates no closures). @internal */
export interface FanInSink<T> {
  /** Child `i` completed with `v`; return `true` to stop the pass (e.g. select found a winner). */
  childReady(i: number, v: T): boolean | void
  /** Child `i` threw `e`; may rethrow to end the pass. */
  childFailed(i: number, e: unknown): void
}

/**
 * Polls many child futures, each only when its own waker fired, so a wake of one child
 * among 10,000 costs one child poll. Used by join, select and friends.
 *
 * The first pass polls every child in order with the fan-in itself as the `Context`: a
 * child's {@link Slot} (its waker) is made only when the child reads `cx.waker`.
 * @internal
 */
export class FanIn<T> implements Context, ChildOwner {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: FanIn<never> | null | undefined
  cx: Context | undefined
  /** The owner's waker, taken during each poll that leaves children running (see {@link ChildOwner}). */
  parent: Waker | undefined
  readonly children: (Future<T, unknown> | undefined)[]
  ready: number[] = []
  #spare: number[] = []
  /** Children's wakers, made when a child first reads `cx.waker` (none for all-ready children). */
  #slots: (Slot | undefined)[] | undefined
  #live: number
  /** True until the first pass has polled every child once. */
  #first = true
  /** The child being polled by the first pass (whose waker `waker` hands out); -1 after it. */
  #current = 0
  /**
   * What `waker` hands out outside the first pass: a child that kept the `Context` and
   * reads `cx.waker` later cannot be told apart, so every live child is queued (rule 2
   * allows the spurious polls; losing the wake would hang the child).
   */
  #wakeAll: Waker | undefined

  /**
   * @param futures taken over, not copied: callers pass a fresh array (rest parameters or
   *   `Array.from`), which the fan-in then empties as children finish.
   * @param ordered when true, each pass polls the woken children in argument order (not
   * wake order), so among children ready at the same time the earliest argument wins.
   */
  constructor(
    futures: (Future<T, unknown> | undefined)[],
    readonly ordered = false,
  ) {
    this.children = futures
    this.#live = futures.length
    this.#slots = undefined
    if (FanIn.#idle === undefined) {
      FanIn.#idle = null
      FanIn.#idle = new FanIn([])
    }
  }

  static #slot<T>(g: FanIn<T>, i: number): Slot {
    const slots = (g.#slots ??= new Array(g.children.length))
    return (slots[i] ??= new Slot(g, i))
  }

  /** Children not yet completed or removed. */
  get live(): number {
    return this.#live
  }

  /** The waker of the child being polled by the first pass (its slot, made on demand). @internal */
  get waker(): Waker {
    const i = this.#current
    if (i < 0) return (this.#wakeAll ??= { wake: () => FanIn.#queueAll(this) })
    return FanIn.#slot(this, i)
  }
  static #queueAll<T>(g: FanIn<T>): void {
    const cs = g.children
    for (let i = 0; i < cs.length; i++) {
      if (cs[i] === undefined) continue
      const slot = FanIn.#slot(g, i)
      if (!slot.queued) {
        slot.queued = true
        g.ready.push(i)
      }
    }
    g.parent?.wake()
  }
  /** @internal */
  isLive(i: number): boolean {
    return this.children[i] !== undefined
  }
  get timer(): Timer | undefined {
    return this.cx?.timer
  }
  /** @internal */
  get spawner(): Spawner | undefined {
    return this.cx?.spawner
  }

  /**
   * Poll every child whose waker fired since the last pass (every child, the first time).
   * `sink.childReady(i, value)` is called per completion; returning `true` stops the pass.
   * A child's throw goes to `sink.childFailed(i, e)` which may rethrow. Children that wake
   * themselves during the pass are polled in the next pass: the parent is woken, not
   * looped (rule 5).
   */
  pollReady(cx: Context, sink: FanInSink<T>): void {
    this.cx = cx
    // wakes during the pass are picked up at its end; afterwards they go to this poll's waker
    this.parent = undefined
    try {
      FanIn.#pass(this, cx, sink)
    } finally {
      if (this.#live > 0) this.parent = cx.waker
    }
  }

  static #pass<T>(g: FanIn<T>, cx: Context, sink: FanInSink<T>): void {
    if (g.#first) {
      g.#first = false
      try {
        FanIn.#firstPass(g, cx, sink)
      } finally {
        g.#current = -1
      }
      return
    }
    const batch = g.ready
    g.ready = g.#spare
    g.#spare = batch
    if (g.ordered && batch.length > 1) batch.sort(ascending)
    const stop = FanIn.#pollBatch(g, batch, sink)
    clearArray(batch)
    if (g.ready.length > 0 && !stop) cx.waker.wake()
  }

  /**
   * Poll the children of `batch`; true when the sink stopped the pass (the rest are queued
   * again). Each loop over the children is a function of its own that returns right after
   * it: V8 compiles a long loop while it runs (on-stack replacement) and reuses that code on
   * later calls, so code after the loop that had not run yet when it was compiled would
   * deoptimize on every call.
   */
  static #pollBatch<T>(g: FanIn<T>, batch: number[], sink: FanInSink<T>): boolean {
    let stop = false
    for (let k = 0; k < batch.length; k++) {
      const i = batch[k]!
      if (stop) {
        g.ready.push(i)
        continue
      }
      const f = g.children[i]
      const slot = g.#slots![i]!
      slot.queued = false
      if (f === undefined) continue
      let r: Poll<T>
      try {
        r = f.poll(slot)
      } catch (e) {
        g.children[i] = undefined
        g.#live--
        try {
          sink.childFailed(i, e)
        } catch (thrown) {
          clearArray(batch)
          throw thrown
        }
        continue
      }
      if (r !== Pending) {
        g.children[i] = undefined
        g.#live--
        if (sink.childReady(i, r as T) === true) stop = true
      }
    }
    return stop
  }

  static #firstPass<T>(g: FanIn<T>, cx: Context, sink: FanInSink<T>): void {
    const n = g.children.length
    const i = FanIn.#pollEach(g, sink)
    if (i < n) {
      // stopped early: the children not polled yet wait for the next pass
      FanIn.#queueFrom(g, i + 1)
      return
    }
    if (g.ready.length > 0) cx.waker.wake()
  }

  /** Poll every child in order with the fan-in as the `Context`; the index it stopped at (`n` when it did not). */
  static #pollEach<T>(g: FanIn<T>, sink: FanInSink<T>): number {
    const cs = g.children
    const n = cs.length
    let i = 0
    for (; i < n; i++) {
      const f = cs[i]
      if (f === undefined) continue
      g.#current = i
      let r: Poll<T>
      try {
        r = f.poll(g)
      } catch (e) {
        cs[i] = undefined
        g.#live--
        sink.childFailed(i, e)
        continue
      }
      if (r !== Pending) {
        cs[i] = undefined
        g.#live--
        if (sink.childReady(i, r as T) === true) break
      }
    }
    return i
  }

  /** Queue every live child from index `from` on for the next pass. */
  static #queueFrom<T>(g: FanIn<T>, from: number): void {
    const cs = g.children
    for (let k = from; k < cs.length; k++) {
      if (cs[k] === undefined) continue
      const slot = FanIn.#slot(g, k)
      if (!slot.queued) {
        slot.queued = true
        g.ready.push(k)
      }
    }
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

  /**
   * Cancel every child still running (rule 4). Never throws (rule 8): every child is
   * cancelled even when an earlier one's teardown throws; those throws go to the error the
   * owner is raising (see `beginCollect`) or are reported.
   */
  cancelAll(): void {
    const cs = this.children
    for (let i = 0; i < cs.length; i++) {
      const f = cs[i]
      if (f !== undefined) {
        cs[i] = undefined
        this.#live--
        cancelQuietly(f)
      }
    }
    clearArray(this.ready)
    this.cx = undefined
    this.parent = undefined
  }
}
