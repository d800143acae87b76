import { describe, expect, it } from "vitest"
import { Pending, TimeoutError, pollFn, timeout, type Timer } from "@pollable/core"
import { CountingWaker, contextOf, noopWaker } from "@pollable/core/testing"

// Found by the soak: timeout() polled its inner future, then read the clock; when the
// deadline passed between the two reads, it failed with TimeoutError although the inner
// future was ready by the deadline (its own sleep was due) — on a real clock, under load.
describe("timeout: the inner future's last poll comes after the deadline was seen", () => {
  it("a value that became ready while the deadline passed wins over TimeoutError", () => {
    let now = 0
    const timer: Timer = { now: () => now, schedule: () => ({ cancel() {} }) }
    let polls = 0
    const inner = pollFn(() => {
      polls++
      if (polls === 3) return "in time"
      if (polls === 2) now = 10 // time passes while the inner future is being polled
      return Pending
    })
    const f = timeout(inner, 10)
    const w = new CountingWaker()
    const cx = contextOf(w, timer)
    expect(f.poll(cx)).toBe(Pending)
    // the deadline passed during this poll: not TimeoutError yet, but a wake for one more poll
    expect(f.poll(cx)).toBe(Pending)
    expect(w.count).toBe(1)
    expect(f.poll(cx)).toBe("in time")
    expect(polls).toBe(3)
  })

  it("still TimeoutError when the inner future is pending at the deadline", () => {
    let now = 0
    const timer: Timer = { now: () => now, schedule: () => ({ cancel() {} }) }
    let cancelled = false
    const inner = pollFn(() => Pending)
    const orig = inner.cancel.bind(inner)
    inner.cancel = () => {
      cancelled = true
      orig()
    }
    const f = timeout(inner, 10)
    const cx = contextOf(noopWaker, timer)
    expect(f.poll(cx)).toBe(Pending)
    now = 10
    expect(() => f.poll(cx)).toThrow(TimeoutError)
    expect(cancelled).toBe(true)
  })
})
