import type { Future, Pollable } from "../contracts/future.js"
import type { Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { InvalidArgument } from "../errors.js"
import { checkFuture } from "../internal/check.js"
import { iterateOnce } from "../future-base.js"
import { labelOf } from "../internal/label.js"

/**
 * What a future says it is waiting on, when asked by {@link waitChain} (a task snapshot, a
 * stall error): a string when it is a leaf that parked a waker itself ("timer at t=150
 * (sleep(100))"), or the pending parts it waits through — child futures or streams to ask
 * in turn, and strings for waits of its own (a timeout's deadline).
 */
export type WaitDescription = string | readonly (object | string | undefined)[]

/**
 * The optional protocol behind task snapshots: a future (or stream) with a `describeWait()`
 * method tells what it waits on. It is only called when someone takes a snapshot, so it
 * costs nothing while futures run. A future without it is shown by its label.
 * @example
 * ```ts
 * class Doorbell implements Future<void>, DescribesWait {
 *   poll(cx: Context) { ... }
 *   cancel() { ... }
 *   describeWait() { return "doorbell ring" }
 * }
 * ```
 */
export interface DescribesWait {
  describeWait(): WaitDescription
}

/** Deepest future tree {@link waitChain} walks (a cycle, a 100,000-step chain: it stops there). */
const MAX_DEPTH = 64
/** Most leaves one chain lists (a join of 10,000 futures shows the first ones). */
const MAX_LEAVES = 8

const describe = (f: object): WaitDescription | undefined => {
  const d = (f as Partial<DescribesWait>).describeWait
  if (typeof d !== "function") return undefined
  try {
    return d.call(f)
  } catch {
    // a describeWait that throws must not turn a snapshot into a failure
    return undefined
  }
}

function walk(f: object, out: string[], depth: number): void {
  if (out.length >= MAX_LEAVES) return
  const d = depth < MAX_DEPTH ? describe(f) : undefined
  if (d === undefined) {
    out.push(labelOf(f))
    return
  }
  if (typeof d === "string") {
    out.push(d)
    return
  }
  const before = out.length
  for (const part of d) {
    if (out.length >= MAX_LEAVES) {
      out.push("…")
      return
    }
    if (typeof part === "string") out.push(part)
    else if (part !== undefined && part !== null) walk(part, out, depth + 1)
  }
  // a combinator with nothing pending inside: it is the leaf itself
  if (out.length === before) out.push(labelOf(f))
}

/**
 * The pending leaf waits of a future, outermost first: `["timer at t=150 (sleep(100))",
 * "mpsc receive (empty, 1 sender)"]`. Combinators answer with their pending children (see
 * {@link DescribesWait}); a future without the protocol is named by its label.
 */
export function waitChain(f: object): string[] {
  const out: string[] = []
  walk(f, out, 0)
  return out
}

/** The head of a label: `join(2 futures)` → `join`. */
const headOf = (label: string): string => {
  const i = label.indexOf("(")
  return i > 0 ? label.slice(0, i) : label
}

/** Longest automatic label: a 10,000-future join still fits a terminal line. */
const MAX_LABEL = 80

function tree(f: object, depth: number): string {
  const fixed = (f as { [namedSymbol]?: string })[namedSymbol]
  if (typeof fixed === "string") return fixed
  const label = labelOf(f)
  // a gen is named by its function: what its body awaits now is its wait, not its name
  const d = depth < 8 && !label.startsWith("gen(") ? describe(f) : undefined
  if (d === undefined || typeof d === "string") return label
  const parts: string[] = []
  for (const part of d) if (typeof part === "object" && part !== null) parts.push(tree(part, depth + 1))
  if (parts.length === 0) return label
  return `${headOf(label)}(${parts.join(", ")})`
}

/**
 * A name for a future: the one given with {@link named}, else its combinator tree as it
 * stands now, e.g. `timeout(join(sleep(100), next(mpsc receiver)))`, cut at 80 characters.
 */
export function nameOf(f: object): string {
  const t = tree(f, 0)
  return t.length > MAX_LABEL ? `${t.slice(0, MAX_LABEL - 1)}…` : t
}

/** Marks a {@link named} future: its fixed name. @internal */
const namedSymbol: unique symbol = Symbol.for("pollable.named") as never

/** The future {@link named} returns. @internal */
class Named<T, E> implements Pollable<T, E>, DescribesWait {
  declare readonly "~error"?: E
  declare readonly "~value"?: T
  readonly [namedSymbol]: string
  constructor(
    readonly inner: Future<T, E>,
    name: string,
  ) {
    this[namedSymbol] = name
  }
  poll(cx: Context): Poll<T> {
    return this.inner.poll(cx)
  }
  cancel(): void {
    this.inner.cancel()
  }
  describeWait(): WaitDescription {
    return [this.inner]
  }
  toString(): string {
    return this[namedSymbol]
  }
  [Symbol.iterator](): Iterator<Future<T, E>, T, any> {
    return iterateOnce(this)
  }
}

/**
 * Give `future` a fixed name, shown by `executor.tasks()` / `dump()`, stall errors, hooks and
 * rule 3's messages instead of its automatic label. It changes nothing else: polling and
 * cancelling go straight to `future`.
 * @throws InvalidArgument when `future` is not a Future or `name` is not a non-empty string.
 * @example
 * ```ts
 * executor.spawn(named(fetchUser(42), "fetch user 42"))
 * // executor.dump():  task#7 fetch user 42  waiting  ← next(mpsc receiver)
 * ```
 */
export function named<T, E>(future: Future<T, E>, name: string): Pollable<T, E> {
  checkFuture("named(future, name)", future)
  checkName("named(future, name)", name)
  return new Named(future, name)
}

/** Refuses a name that is not a non-empty string. @internal */
export function checkName(where: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0) {
    throw new InvalidArgument(
      where,
      typeof name === "string" ? "the name is empty" : `expected a string, got ${name === null ? "null" : typeof name}`,
      'pass a short description such as "fetch user 42"',
    )
  }
}
