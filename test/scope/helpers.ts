import { FutureBase, gen, Pending, sleep, type Context, type Future, type Poll } from "@pollable/core"

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

/** A future completed (or failed) by hand; `cancels` counts cancel() calls, `waker` the registered waker. */
export class Gate<T = void> extends FutureBase<T, Error> {
  cancels = 0
  polls = 0
  #result: { ok: true; v: T } | { ok: false; e: Error } | undefined
  waker: Context["waker"] | undefined
  constructor(readonly name = "gate") {
    super()
  }
  get label(): string {
    return this.name
  }
  open(v: T): void {
    this.#result = { ok: true, v }
    const w = this.waker
    this.waker = undefined
    w?.wake()
  }
  fail(e: Error): void {
    this.#result = { ok: false, e }
    const w = this.waker
    this.waker = undefined
    w?.wake()
  }
  protected step(cx: Context): Poll<T> {
    this.polls++
    const r = this.#result
    if (r === undefined) {
      this.waker = cx.waker
      return Pending
    }
    this.waker = undefined
    if (r.ok) return r.v
    throw r.e
  }
  protected onCancel(): void {
    this.cancels++
    this.waker = undefined
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
