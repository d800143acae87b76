// Fan-in children that keep their Context and wake through it after their poll returned.
import { describe, expect, it } from "vitest"
import { Pending, join, pending, pollFn, select, type Context, type Future } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"

/** A hand-written future that keeps the Context and reads `cx.waker` only when it wakes. */
class LateWaker implements Future<string> {
  cx: Context | undefined
  done = false
  polls = 0
  poll(cx: Context) {
    this.polls++
    if (this.done) return "late"
    this.cx = cx
    return Pending
  }
  fire() {
    this.done = true
    this.cx?.waker.wake()
  }
  cancel() {
    this.cx = undefined
  }
}

describe("fan-in children that read cx.waker after their poll returned", () => {
  it("join: waking through a stored Context repolls that child, not the last one polled", () => {
    const ex = new ManualExecutor()
    const late = new LateWaker()
    const other = pollFn<number>(() => Pending) // reads nothing, never ready
    const h = ex.spawn(join(late, other, pending<number>()))
    ex.runUntilStalled()
    late.fire()
    ex.runUntilStalled()
    h.cancel()
    // the join is not done (the others pend), but `late` must have been polled again
    expect(late.polls).toBe(2)
  })

  it("select: the stored-Context child wins when it fires", () => {
    const ex = new ManualExecutor()
    const late = new LateWaker()
    const h = ex.spawn(select(late, pending<number>(), pending<number>()))
    ex.runUntilStalled()
    late.fire()
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: { index: 0, value: "late" } })
  })
})
