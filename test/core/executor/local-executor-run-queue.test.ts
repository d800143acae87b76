import { describe, expect, it } from "vitest"
import { LocalExecutor, Pending, lazy, pollFn, ready, type Waker } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

describe("LocalExecutor run queue", () => {
  it("grows its ring buffer past the initial capacity and keeps FIFO order", () => {
    const ex = new ManualExecutor()
    const order: number[] = []
    for (let i = 0; i < 1000; i++) ex.spawn(lazy(() => order.push(i)))
    expect(ex.queued).toBe(1000)
    // interleave: poll some, spawn more, so the ring wraps around before growing
    expect(ex.runBatch(30)).toBe(30)
    for (let i = 1000; i < 1100; i++) ex.spawn(lazy(() => order.push(i)))
    ex.runUntilStalled()
    expect(order).toEqual(Array.from({ length: 1100 }, (_, i) => i))
  })

  it("coalesces wakes: N wakes of a queued task give one poll", () => {
    const ex = new ManualExecutor()
    let polls = 0
    let waker: Waker | undefined
    ex.spawn(
      pollFn((cx) => {
        polls++
        waker = cx.waker
        return Pending
      }),
    )
    ex.runUntilStalled()
    for (let i = 0; i < 1000; i++) waker!.wake()
    expect(ex.queued).toBe(1)
    expect(ex.runUntilStalled()).toBe(1)
    expect(polls).toBe(2)
  })

  it("a task is its own waker and Context: no allocation per wake", () => {
    const ex = new ManualExecutor()
    const seen = new Set<unknown>()
    let n = 0
    const h = ex.spawn(
      pollFn((cx) => {
        seen.add(cx)
        seen.add(cx.waker)
        if (++n === 3) return "done"
        cx.waker.wake()
        return Pending
      }),
    )
    ex.runUntilStalled()
    expect(seen.size).toBe(1)
    expect(seen.has(h)).toBe(true)
  })

  it("schedules one drain per burst of wakes through the schedule hook", () => {
    const drains: (() => void)[] = []
    const ex = new LocalExecutor({ schedule: (d) => drains.push(d) })
    const hs = [ex.spawn(ready(1)), ex.spawn(ready(2)), ex.spawn(ready(3))]
    expect(drains.length).toBe(1)
    drains.shift()!()
    expect(hs.map((h) => h.outcome?._tag)).toEqual(["Success", "Success", "Success"])
    ex.spawn(ready(4))
    expect(drains.length).toBe(1) // re-armed after the queue emptied
  })

  it("timer getter without a timer names the fix", () => {
    expect(() => new LocalExecutor({ name: "bare" }).timer).toThrow(
      /bare executor needs a timer.*LocalExecutor with a timer/,
    )
    expect(new LocalExecutor({ timer: new VirtualClock() }).hasTimer).toBe(true)
  })
})
