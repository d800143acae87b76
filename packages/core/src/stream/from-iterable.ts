import { Done } from "../contracts/stream.js"
import { InvalidArgument } from "../errors.js"
import { StreamBase } from "./stream-base.js"

class FromIterable<T> extends StreamBase<T, unknown> {
  #source: Iterable<T> | undefined
  #it: Iterator<T> | undefined
  constructor(source: Iterable<T>) {
    super()
    this.#source = source
  }
  get label(): string {
    return "fromIterable()"
  }
  protected step(): T | typeof Done {
    let it = this.#it
    if (it === undefined) {
      it = this.#it = this.#source![Symbol.iterator]()
      this.#source = undefined
    }
    const r = it.next()
    if (r.done === true) {
      this.#it = undefined
      return Done
    }
    return r.value
  }
  protected override onFinish(): void {
    this.#it = undefined
  }
  protected onCancel(): void {
    const it = this.#it
    this.#it = undefined
    this.#source = undefined
    it?.return?.()
  }
}

/**
 * A stream of the items of a (synchronous) iterable. Lazy: the iterator is created at the
 * first poll; every poll is ready.
 * @throws InvalidArgument when `source` is not iterable.
 * @remarks Cancel safety: cancelling calls the iterator's `return()` (a generator's
 * `finally` blocks run); items not yet pulled stay in the source.
 */
export function fromIterable<T>(source: Iterable<T>): StreamBase<T, unknown> {
  if (source == null || typeof (source as Iterable<T>)[Symbol.iterator] !== "function") {
    throw new InvalidArgument(
      "stream.fromIterable(source)",
      `expected an iterable, got ${source === null ? "null" : typeof source}`,
      "pass an array, Set, generator or other iterable",
    )
  }
  return new FromIterable(source)
}
