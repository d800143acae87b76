import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { clearArray } from "../internal/clear-array.js"

/**
 * One future in a {@link Group}: its waker and the `Context` it is polled with, in one
 * object. Waking it queues it in its group and wakes the group's driver — it never polls
 * (rule 2).
 * @internal
 */
export class Member<O> implements Waker, Context {
  /** True while the member sits in the group's ready queue (wakes are coalesced). */
  queued = true
  /** The future; `undefined` once it finished, was removed or cancelled. */
  future: Future<unknown, unknown> | undefined
  prev: Member<O> | undefined = undefined
  next: Member<O> | undefined = undefined

  constructor(
    readonly group: Group<O>,
    future: Future<unknown, unknown>,
    readonly owner: O,
  ) {
    this.future = future
  }
  get waker(): Waker {
    return this
  }
  get timer(): Timer | undefined {
    return this.group.cx?.timer
  }
  get spawner(): Spawner | undefined {
    return this.group.cx?.spawner
  }
  wake(): void {
    this.group.wakeMember(this)
  }
}

/** What a {@link Group} pass reports. Returning `true` stops the pass. @internal */
export interface GroupSink<O> {
  ready(m: Member<O>, value: unknown): boolean | void
  failed(m: Member<O>, error: unknown): boolean | void
}

/**
 * A growable set of futures polled by one driver, each only when its own waker fired
 * (the dynamic sibling of `FanIn`): members can be added and removed at any time, and are
 * kept in an intrusive list so removal is O(1) and teardown runs newest-first.
 * Used by `scope`, `JoinSet`, `bufferUnordered` and `mapConcurrent`.
 * @internal
 */
export class Group<O> {
  /** The driver's latest context: member wakes go to its waker. `undefined` = nobody to wake. */
  cx: Context | undefined = undefined
  /**
   * The driver's waker, read during its latest pass — not `cx.waker` read later: a context
   * may hand out a different waker after the poll (a fan-in's first-pass context does).
   */
  parent: Waker | undefined = undefined
  #ready: Member<O>[] = []
  #spare: Member<O>[] = []
  #head: Member<O> | undefined = undefined
  #tail: Member<O> | undefined = undefined
  #live = 0
  #passing = false

  /** Members not yet finished or removed. */
  get live(): number {
    return this.#live
  }

  /** True when some member was woken and waits for the next pass. */
  get hasReady(): boolean {
    return this.#ready.length > 0
  }

  /** The futures of the live members, oldest first (for task snapshots). */
  futures(): Future<unknown, unknown>[] {
    const out: Future<unknown, unknown>[] = []
    for (let m = this.#head; m !== undefined; m = m.next) if (m.future !== undefined) out.push(m.future)
    return out
  }

  /** The oldest live member. */
  get first(): Member<O> | undefined {
    return this.#head
  }

  /** Add `future`; it is polled in the next pass (the driver is woken, rule 7 holds until then). */
  add(future: Future<unknown, unknown>, owner: O): Member<O> {
    const m = new Member(this, future, owner)
    const t = this.#tail
    if (t === undefined) this.#head = m
    else {
      t.next = m
      m.prev = t
    }
    this.#tail = m
    this.#live++
    this.#ready.push(m)
    if (!this.#passing) this.parent?.wake()
    return m
  }

  /** @internal Called by {@link Member.wake}. */
  wakeMember(m: Member<O>): void {
    if (m.queued || m.future === undefined) return
    m.queued = true
    this.#ready.push(m)
    // during a pass the driver checks `hasReady` at the end; outside one, wake it now
    if (!this.#passing) this.parent?.wake()
  }

  /**
   * Poll every member woken since the last pass, in wake order. Members woken or added
   * during the pass wait for the next one (the driver checks {@link hasReady} and wakes
   * itself — it never loops, rule 5).
   */
  pass(cx: Context, sink: GroupSink<O>): void {
    this.cx = cx
    this.parent = cx.waker
    const batch = this.#ready
    this.#ready = this.#spare
    this.#spare = batch
    this.#passing = true
    let k = 0
    try {
      while (k < batch.length) {
        const m = batch[k++]!
        m.queued = false
        const f = m.future
        if (f === undefined) continue
        let r: Poll<unknown>
        try {
          r = f.poll(m)
        } catch (e) {
          if (m.future !== f) continue // removed while it ran
          this.#unlink(m)
          if (sink.failed(m, e) === true) break
          continue
        }
        if (r === Pending || m.future !== f) continue
        this.#unlink(m)
        if (sink.ready(m, r) === true) break
      }
    } finally {
      this.#passing = false
      if (k < batch.length) {
        // stopped early: the rest stays queued, ahead of what was woken during the pass
        const rest = batch.slice(k)
        for (const m of this.#ready) rest.push(m)
        this.#ready = rest
      }
      clearArray(batch)
    }
  }

  /**
   * Take `m` out without cancelling it; returns its future if it was still live. Outside a
   * pass the driver is woken: with one member fewer it may now be done (a scope whose last
   * child was cancelled through its handle from another task, a `joinNext()` that now sees
   * `Done`) — inside a pass the driver checks that itself at the end.
   */
  remove(m: Member<O>): Future<unknown, unknown> | undefined {
    const f = m.future
    if (f === undefined) return undefined
    this.#unlink(m)
    if (!this.#passing) this.parent?.wake()
    return f
  }

  /**
   * Cancel every live member, newest first (rule 4), after detaching the driver so their
   * teardown wakes nobody. `each` runs for each member before its future is cancelled.
   * Every member is cancelled even when one's `cancel()` throws; the throws are returned.
   */
  cancelAll(each?: (m: Member<O>) => void): unknown[] {
    this.cx = undefined
    this.parent = undefined
    const errors = this.cancelOthers(undefined, each)
    clearArray(this.#ready)
    return errors
  }

  /**
   * Cancel every live member except `keep`, newest first, without detaching the driver.
   * Every member is cancelled even when one's `cancel()` throws; the throws are returned.
   */
  cancelOthers(keep: Member<O> | undefined, each?: (m: Member<O>) => void): unknown[] {
    let errors: unknown[] | undefined
    for (;;) {
      let m = this.#tail
      if (m !== undefined && m === keep) m = m.prev
      if (m === undefined) break
      const f = m.future!
      this.#unlink(m)
      try {
        each?.(m)
        f.cancel()
      } catch (e) {
        ;(errors ??= []).push(e)
      }
    }
    return errors ?? []
  }

  /** Remove every live member without cancelling it; returns owner and future, oldest first. */
  detachAll(): { owner: O; future: Future<unknown, unknown> }[] {
    const out: { owner: O; future: Future<unknown, unknown> }[] = []
    for (let m = this.#head; m !== undefined; m = this.#head) {
      out.push({ owner: m.owner, future: m.future! })
      this.#unlink(m)
    }
    clearArray(this.#ready)
    return out
  }

  #unlink(m: Member<O>): void {
    m.future = undefined
    const p = m.prev
    const n = m.next
    if (p === undefined) this.#head = n
    else p.next = n
    if (n === undefined) this.#tail = p
    else n.prev = p
    m.prev = m.next = undefined
    this.#live--
  }
}
