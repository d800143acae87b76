import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { checkCount } from "../internal/check.js"
import { ListWait, WaitList } from "./wait-list.js"

/** What {@link Barrier.wait} gives each party: exactly one per round is the leader. */
export interface BarrierWaitResult {
  /** True for the party whose arrival completed the round (the last to arrive). */
  readonly isLeader: boolean
}

const LEADER: BarrierWaitResult = Object.freeze({ isLeader: true })
const FOLLOWER: BarrierWaitResult = Object.freeze({ isLeader: false })

/**
 * Makes `n` parties wait for each other (tokio's `Barrier`): each `wait()` completes once
 * `n` waits have arrived in the same round; then the barrier resets for the next round.
 * A wait arrives at its first poll (rule 7: creating it does nothing).
 *
 * @remarks Cancel safety: a wait cancelled before its round completes withdraws its
 * arrival (the round then needs another party); cancelled after, it changes nothing. Rule 8:
 * a waker that throws is reported and the other parties are still released.
 * @example
 * ```ts
 * const ready = new Barrier(3)
 * const worker = (i: number) => gen(function* () {
 *   yield* load(i)
 *   const { isLeader } = yield* ready.wait()   // all three loaded
 *   if (isLeader) report()
 * })
 * ```
 */
export class Barrier {
  /** @internal */ arrived = 0
  /** @internal */ round = 0
  /** @internal */ readonly waiters = new WaitList()
  /**
   * @param n how many parties each round waits for.
   * @throws InvalidArgument when `n` is not an integer >= 1.
   */
  constructor(readonly n: number) {
    checkCount("new Barrier(n)", n, 1)
  }
  /** Parties waiting in the current round. */
  get waiting(): number {
    return this.arrived
  }
  /**
   * A future that completes when the round this wait joins (at its first poll) is complete.
   * @remarks Cancel safety: cancelled before its round completes, it withdraws its arrival;
   * after, it changes nothing.
   */
  wait(): Pollable<BarrierWaitResult, never> {
    return new BarrierWait(this)
  }
}

class BarrierWait extends ListWait<BarrierWaitResult, never> {
  #round = -1
  constructor(readonly barrier: Barrier) {
    super(barrier.waiters)
  }
  get label(): string {
    return "Barrier.wait()"
  }
  protected check(): Poll<BarrierWaitResult> {
    const b = this.barrier
    if (this.#round === -1) {
      this.#round = b.round
      if (++b.arrived === b.n) {
        b.arrived = 0
        b.round++
        b.waiters.wakeAll("a Barrier")
        return LEADER
      }
      return Pending
    }
    return b.round !== this.#round ? FOLLOWER : Pending
  }
  protected override onCancel(): void {
    super.onCancel()
    const b = this.barrier
    if (this.#round === b.round) b.arrived-- // still waiting: withdraw the arrival
    this.#round = -1
  }
}
