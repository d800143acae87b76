import { describe, expect, it } from "vitest"
import { Done, Pending, PollAfterReady, StreamBase, gen, isDone, stream } from "@pollable/core"
import { contextOf, virtualTime } from "@pollable/core/testing"
import { Source } from "./stream-helpers.js"

const setup = virtualTime

class Countdown extends StreamBase<number> {
  #n: number
  constructor(n: number) {
    super()
    this.#n = n
  }
  get label() {
    return "countdown"
  }
  protected step() {
    return this.#n > 0 ? this.#n-- : Done
  }
  protected onCancel() {}
}

describe("Stream contract and StreamBase", () => {
  it("Done is a registered symbol", () => {
    expect(Done).toBe(Symbol.for("pollable.Done"))
    expect(isDone(Done)).toBe(true)
    expect(isDone(undefined)).toBe(false)
  })

  it("rule 3: pollNext after Done throws PollAfterReady naming the stream", () => {
    const s = new Countdown(1)
    const cx = contextOf()
    expect(s.pollNext(cx)).toBe(1)
    expect(s.pollNext(cx)).toBe(Done)
    expect(() => s.pollNext(cx)).toThrow(PollAfterReady)
    expect(() => s.pollNext(cx)).toThrow(/countdown/)
  })

  it("rule 3: pollNext after a throw or after cancel throws PollAfterReady", () => {
    const s = new Source<number>()
    s.fail(new Error("boom"))
    expect(() => s.pollNext(contextOf())).toThrow("boom")
    expect(() => s.pollNext(contextOf())).toThrow(PollAfterReady)
    const t = new Source<number>()
    t.cancel()
    t.cancel()
    expect(t.cancels).toBe(1)
    expect(() => t.pollNext(contextOf())).toThrow(/cancelled/)
  })

  it("gen-friendly loop with next() and Done", () => {
    const { ex } = setup()
    const total = ex.blockOn(
      gen(function* () {
        let sum = 0
        const s = new Countdown(4)
        for (let x; (x = yield* s.next()) !== Done; ) sum += x
        return sum
      }),
    )
    expect(total).toBe(10)
  })

  it("cancel safety: cancelling next() neither cancels the stream nor loses an item", () => {
    const src = new Source<number>()
    const n1 = src.next()
    expect(n1.poll(contextOf())).toBe(Pending)
    n1.cancel()
    expect(src.cancels).toBe(0)
    src.push(7)
    expect(src.next().poll(contextOf())).toBe(7)
  })

  it("stream.next works on any Stream", () => {
    const { ex } = setup()
    expect(ex.blockOn(stream.next(stream.fromIterable([5, 6])))).toBe(5)
  })
})
