import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"

/** What a {@link ChildWaker} needs from the combinator that polls many children. @internal */
export interface ChildOwner {
  /** The Context of the owner's latest poll (its timer, spawner), if any. */
  readonly cx: Context | undefined
  /**
   * The waker of the owner's latest pending poll, read during that poll. Not `cx.waker` read
   * later: a context may hand out a different waker after the poll (a fan-in's first-pass
   * context does — reading it late would wake every sibling of the owner).
   */
  readonly parent: Waker | undefined
  /** Where woken children's indices go. */
  readonly ready: { push(index: number): unknown }
  /** False once child `index` finished or was removed: its wakes are ignored. */
  isLive(index: number): boolean
}

/** The owner of the idle `ChildWaker`. */
const idleOwner: ChildOwner = { cx: undefined, parent: undefined, ready: [], isLive: () => false }

/**
 * One child's waker and the `Context` it is polled with, in one object: waking it queues the
 * child once (until its next poll) and wakes the owner — never polls (rule 2). Shared by
 * every combinator that polls many children (join/select fan-in, stream merge).
 * @internal
 */
export class ChildWaker implements Waker, Context {
  /**
   * A never-woken waker, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: ChildWaker | null | undefined
  queued = false
  constructor(
    readonly owner: ChildOwner,
    readonly index: number,
  ) {
    if (ChildWaker.#idle === undefined) {
      ChildWaker.#idle = null
      ChildWaker.#idle = new ChildWaker(idleOwner, 0)
    }
  }
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
    if (!this.queued && o.isLive(this.index)) {
      this.queued = true
      o.ready.push(this.index)
    }
    o.parent?.wake()
  }
}
