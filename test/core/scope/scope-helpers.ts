import { vi } from "vitest"
import { FutureBase, gen, Pending, sleep, type Context, type Future, type Poll, type Scope } from "@pollable/core"
import { ManualFuture } from "@pollable/core/testing"

/** Wraps `inner`, logging `"<name>:cancel"`, `"<name>:ok"`, `"<name>:err"` and counting cancels. */
export class Tracked<T, E> extends FutureBase<T, E> {
  cancels = 0
  constructor(
    readonly name: string,
    readonly inner: Future<T, E>,
    readonly log: string[],
  ) {
    super()
  }
  get label(): string {
    return `tracked(${this.name})`
  }
  protected step(cx: Context): Poll<T> {
    let r: Poll<T>
    try {
      r = this.inner.poll(cx)
    } catch (e) {
      this.log.push(`${this.name}:err`)
      throw e
    }
    if (r !== Pending) this.log.push(`${this.name}:ok`)
    return r
  }
  protected onCancel(): void {
    this.cancels++
    this.log.push(`${this.name}:cancel`)
    this.inner.cancel()
  }
}

/** A future opened (or failed) by hand: `@pollable/core/testing`'s `ManualFuture` under the scope tests' names. */
export class Gate<T = void> extends ManualFuture<T, Error> {
  constructor(name = "gate") {
    super(name)
  }
  open(v: T): void {
    this.resolve(v)
  }
  fail(e: Error): void {
    this.reject(e)
  }
}

export class Boom extends Error {
  constructor(readonly tag: string) {
    super(`boom ${tag}`)
  }
}

/** A future that completes with `v` after `ms` on the executor's clock. */
export const after = <T>(ms: number, v: T): Future<T, never> =>
  gen(function* () {
    yield* sleep(ms)
    return v
  })

/**
 * Waits until every gate was polled at least once, i.e. the scope and its children really run.
 * (A fixed number of host turns is not enough: under load Effect's scheduler may start a forked
 * fiber after a `setTimeout(0)` of the test, and a scope interrupted before it ran has no children.)
 */
export const running = (...gates: Gate<number>[]) =>
  vi.waitFor(
    () => {
      const idle = gates.filter((g) => g.polls === 0).map((g) => g.name)
      if (idle.length > 0) throw new Error(`not polled yet: ${idle.join(", ")}`)
    },
    { timeout: 10_000, interval: 1 },
  )

/** A scope with two children waiting on gates; returns their sum. */
export const fixture = () => {
  const log: string[] = []
  const g1 = new Gate<number>("g1")
  const g2 = new Gate<number>("g2")
  const body = function* pair(s: Scope<Error>) {
    const a = s.spawn(new Tracked("a", g1, log))
    const b = s.spawn(new Tracked("b", g2, log))
    return (yield* a) + (yield* b)
  }
  return { log, g1, g2, body }
}
