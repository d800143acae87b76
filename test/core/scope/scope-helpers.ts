import { FutureBase, gen, Pending, sleep, type Context, type Future, type Poll } from "@pollable/core"
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
