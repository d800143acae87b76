import { describe, expect, it } from "vitest"
import { TimerQueue, sleep, type ClockSource, type Future } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"

/** A fake ClockSource that counts alarms. */
class FakeClock implements ClockSource {
  t = 0
  armed = 0
  disarmed = 0
  alarm: { deadline: number; fire: () => void } | undefined
  now(): number {
    return this.t
  }
  setAlarm(deadline: number, fire: () => void): () => void {
    this.armed++
    const a = { deadline, fire }
    this.alarm = a
    return () => {
      this.disarmed++
      if (this.alarm === a) this.alarm = undefined
    }
  }
  /** Move time and fire the alarm if due, as a host would. */
  advance(ms: number): void {
    this.t += ms
    const a = this.alarm
    if (a !== undefined && a.deadline <= this.t) {
      this.alarm = undefined
      a.fire()
    }
  }
}

describe("TimerQueue", () => {
  it("10,000 sleeps arm exactly one host alarm", () => {
    const clock = new FakeClock()
    const timer = new TimerQueue(clock)
    const ex = new ManualExecutor({ timer })
    const hs: Future<void, never>[] = []
    for (let i = 0; i < 10_000; i++) hs.push(ex.spawn(sleep(100)))
    ex.runUntilStalled()
    expect(timer.size).toBe(10_000)
    expect(clock.armed).toBe(1)
    clock.advance(100)
    ex.runUntilStalled()
    expect(timer.size).toBe(0)
    expect(clock.armed).toBe(1)
    expect(hs.every((h) => (h as unknown as { outcome?: { _tag: string } }).outcome?._tag === "Success")).toBe(true)
  })

  it("re-arms only when the earliest deadline changes", () => {
    const clock = new FakeClock()
    const timer = new TimerQueue(clock)
    const w = { wake() {} }
    timer.schedule(50, w)
    timer.schedule(60, w)
    expect(clock.armed).toBe(1)
    const early = timer.schedule(10, w)
    expect(clock.armed).toBe(2)
    expect(clock.disarmed).toBe(1)
    early.cancel()
    expect(clock.armed).toBe(3) // back to 50
    expect(clock.alarm?.deadline).toBe(50)
  })

  it("cancellation removes entries from the heap, in any position", () => {
    const timer = new TimerQueue(new FakeClock())
    const fired: number[] = []
    const entries = Array.from({ length: 100 }, (_, i) => timer.schedule((i * 37) % 100, { wake: () => fired.push(i) }))
    for (let i = 0; i < 100; i += 3) entries[i]!.cancel()
    entries[3]!.cancel() // idempotent
    expect(timer.size).toBe(100 - 34)
    timer.fireDue(1000)
    const expected = Array.from({ length: 100 }, (_, i) => i)
      .filter((i) => i % 3 !== 0)
      .sort((a, b) => ((a * 37) % 100) - ((b * 37) % 100))
    expect(fired).toEqual(expected)
    expect(timer.size).toBe(0)
  })

  it("fires ties in insertion order, and only due timers", () => {
    const timer = new TimerQueue(new FakeClock())
    const fired: string[] = []
    for (const [name, d] of [
      ["a", 5],
      ["b", 3],
      ["c", 5],
      ["d", 3],
      ["e", 9],
    ] as const)
      timer.schedule(d, { wake: () => fired.push(name) })
    expect(timer.fireDue(5)).toBe(4)
    expect(fired).toEqual(["b", "d", "a", "c"])
    expect(timer.nextDeadline).toBe(9)
  })

  it("an alarm that fires early fires nothing and re-arms", () => {
    const clock = new FakeClock()
    const timer = new TimerQueue(clock)
    let woke = 0
    timer.schedule(10, { wake: () => woke++ })
    const a = clock.alarm!
    clock.alarm = undefined
    clock.t = 9
    a.fire() // host fired 1 ms early
    expect(woke).toBe(0)
    expect(clock.armed).toBe(2)
    clock.advance(1)
    expect(woke).toBe(1)
  })

  it("disarms the host alarm when the last timer is cancelled", () => {
    const clock = new FakeClock()
    const timer = new TimerQueue(clock)
    timer.schedule(10, { wake() {} }).cancel()
    expect(clock.disarmed).toBe(1)
    expect(clock.alarm).toBeUndefined()
  })
})
