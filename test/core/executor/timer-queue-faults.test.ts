import { describe, expect, it } from "vitest"
import { LocalExecutor, sleep, TimerQueue, type ClockSource } from "@pollable/core"
import { CountingWaker } from "@pollable/core/testing"
import { faultLog, ThrowingWaker, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

/** A clock the test moves, with the alarms the queue asked for. */
const manualSource = () => {
  const s = {
    t: 0,
    alarms: [] as { deadline: number; fire: () => void; live: boolean }[],
    now: () => s.t,
    setAlarm(deadline: number, fire: () => void) {
      const a = { deadline, fire, live: true }
      s.alarms.push(a)
      return () => void (a.live = false)
    },
    /** Move to `t` and fire the live alarm (as a host timer would). */
    fireAt(t: number) {
      s.t = t
      const live = s.alarms.filter((a) => a.live && a.deadline <= t)
      for (const a of live) {
        a.live = false
        a.fire()
      }
    },
  }
  return s satisfies ClockSource
}

describe("TimerQueue with a waker that throws", () => {
  it("wakes every other due timer, re-arms for later ones, and does not throw from the alarm", () => {
    const src = manualSource()
    const q = new TimerQueue(src)
    const bad = new ThrowingWaker()
    const same = new CountingWaker()
    const later = new CountingWaker()
    q.schedule(10, bad)
    q.schedule(10, same)
    q.schedule(20, later)
    expect(() => src.fireAt(10)).not.toThrow()
    expect([bad.calls, same.count, later.count]).toEqual([1, 1, 0])
    expect(q.size).toBe(1)
    src.fireAt(20)
    expect(later.count).toBe(1)
    expect(cap.faults).toHaveLength(1)
  })

  it("the executor's later timers keep firing; the fault goes to the queue's onFault", async () => {
    const log = faultLog()
    const src = manualSource()
    const q = new TimerQueue(src, { onFault: log.onFault })
    const ex = new LocalExecutor({ timer: q, onFault: log.onFault })
    q.schedule(5, new ThrowingWaker())
    const h = ex.spawn(sleep(10))
    await Promise.resolve()
    await Promise.resolve()
    src.fireAt(5)
    src.fireAt(10)
    await h
    expect(h.outcome?._tag).toBe("Success")
    expect(log.faults.map((f) => f.origin)).toEqual([expect.stringMatching(/timer/)])
    expect(cap.faults).toEqual([])
  })
})

describe("TimerQueue host alarms for far deadlines", () => {
  it("never asks the clock source for an alarm 2^31 ms or more ahead, and re-arms until the deadline", () => {
    const src = manualSource()
    const q = new TimerQueue(src)
    const w = new CountingWaker()
    const days30 = 30 * 24 * 3600 * 1000
    q.schedule(days30, w)
    let steps = 0
    while (w.count === 0 && steps < 100) {
      const a = src.alarms.filter((x) => x.live)
      expect(a).toHaveLength(1)
      expect(a[0]!.deadline - src.t).toBeLessThan(2 ** 31 - 1)
      src.fireAt(a[0]!.deadline)
      steps++
    }
    expect(w.count).toBe(1)
    expect(src.t).toBe(days30)
    expect(steps).toBeLessThan(10)
  })
})
