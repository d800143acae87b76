import type { Future } from "../contracts/future.js"
import { Pending } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { StreamBase } from "./stream-base.js"
import { Group, type Member } from "../scope/group.js"
import { cancelQuietly, teardownFaults } from "../fault/teardown.js"

/** @internal */
const isFuture = (x: unknown): x is Future<unknown, unknown> =>
  typeof x === "object" && x !== null && typeof (x as Future<unknown>).poll === "function"

/**
 * The part `buffered` and `bufferUnordered` share: pull futures from `source` into a
 * {@link Group} while fewer than `n` slots are in use, and on completion or cancel cancel
 * every future in flight (newest first) and `source` (rule 4).
 * @internal
 */
export abstract class FuturePool<T, E, O> extends StreamBase<T, E> {
  protected readonly group = new Group<O>()
  protected sourceDone = false

  constructor(
    readonly source: Stream<Future<T, E>, E>,
    readonly n: number,
    readonly name: string,
  ) {
    super()
  }

  get label(): string {
    return `${this.name}(${String(this.source)}, ${this.n})`
  }

  /** Slots counted against `n` (in flight, or finished and not yet emitted). */
  protected abstract get inUse(): number
  /** The owner record of a newly pulled future. */
  protected abstract slot(): O
  abstract ready(m: Member<O>, value: unknown): boolean | void
  abstract failed(m: Member<O>, error: unknown): boolean | void
  /** Drop the subclass's own bookkeeping at completion or cancel. */
  protected reset(): void {}

  /** Pull from `source` until `n` slots are in use, it is pending, or it ended. */
  protected fill(cx: Context): void {
    while (!this.sourceDone && this.inUse < this.n) {
      const f = this.source.pollNext(cx)
      if (f === Pending) return
      if (f === Done) {
        this.sourceDone = true
        return
      }
      if (!isFuture(f)) {
        throw new InvalidArgument(
          this.label,
          `the source yielded ${typeof f}, not a future`,
          "give it a stream of futures (or use mapConcurrent)",
        )
      }
      this.group.add(f, this.slot())
    }
  }

  protected override onFinish(): void {
    this.#release()
  }

  protected onCancel(): void {
    this.#release()
  }

  #release(): void {
    this.reset()
    const errors = this.group.cancelAll()
    cancelQuietly(this.source)
    if (errors.length > 0) teardownFaults(errors, `cancelling ${this.label}`)
  }
}
