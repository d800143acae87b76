import { describe, expect, it } from "vitest"
import {
  InvalidArgument,
  MissingCapability,
  Pending,
  PollAfterReady,
  TimeoutError,
  gen,
  map,
  now,
  sleep,
  sleepUntil,
  timeoutAt,
  type Context,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

const setup = (start = 0) => {
  const clock = new VirtualClock(start)
  return { clock, ex: new ManualExecutor({ timer: clock }) }
}

describe("now()", () => {
  it("reads the executor's clock at the first poll, not at creation (rule 7)", () => {
    const { clock, ex } = setup(1_000)
    const f = now()
    clock.advance(250)
    expect(ex.blockOn(f)).toBe(1_250)
  })
  it("MissingCapability without a timer; PollAfterReady after it returned", () => {
    expect(() => now().poll(contextOf())).toThrow(MissingCapability)
    const f = now()
    const cx = contextOf(undefined, new VirtualClock(5))
    expect(f.poll(cx)).toBe(5)
    expect(() => f.poll(cx)).toThrow(PollAfterReady)
  })
})

describe("sleepUntil(deadline)", () => {
  it("completes when the clock reaches the absolute deadline", () => {
    const { clock, ex } = setup(100)
    const h = ex.spawn(sleepUntil(130))
    clock.advance(29)
    expect(h.outcome).toBeUndefined()
    clock.advance(1)
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.pendingTimers).toBe(0)
  })
  it("a deadline in the past completes at the first poll without a timer entry", () => {
    const clock = new VirtualClock(500)
    expect(sleepUntil(10).poll(contextOf(undefined, clock))).toBeUndefined()
    expect(clock.pendingTimers).toBe(0)
  })
  it("a loop of sleepUntil(start + k·period) does not drift when each step takes time", () => {
    const { clock, ex } = setup()
    const at: number[] = []
    ex.blockOn(
      gen(function* () {
        const start = yield* now()
        for (let k = 1; k <= 3; k++) {
          yield* sleepUntil(start + k * 100)
          at.push(clock.now())
          yield* sleep(30) // work that takes time
        }
      }),
    )
    expect(at).toEqual([100, 200, 300])
  })
  it("InvalidArgument for a deadline that is not a finite number", () => {
    expect(() => sleepUntil(Number.NaN)).toThrow(InvalidArgument)
    expect(() => sleepUntil(Infinity)).toThrow(/sleepUntil\(deadline\).*finite time/)
    expect(() => sleepUntil("5" as never)).toThrow(InvalidArgument)
  })
  it("cancel removes the timer entry (leak check)", () => {
    checkNoLeaks(() => sleepUntil(50), 10)
  })
})

describe("Sleep.reset(deadline): a sleep whose deadline moves", () => {
  it("pushing the deadline later: the old entry is removed, it completes at the new one", () => {
    const { clock, ex } = setup()
    const s = sleep(100)
    const h = ex.spawn(s)
    ex.runUntilStalled()
    expect(s.deadline).toBe(100)
    clock.advance(60)
    s.reset(clock.now() + 100) // 160
    ex.runUntilStalled()
    expect(clock.pendingTimers).toBe(1) // only the new entry
    clock.advance(40) // t = 100: the old deadline, nothing happens
    expect(h.outcome).toBeUndefined()
    clock.advance(60)
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.now()).toBe(160)
  })
  it("pulling the deadline earlier wakes the task and completes at the earlier time", () => {
    const { clock, ex } = setup()
    const s = sleep(1_000)
    const h = ex.spawn(s)
    ex.runUntilStalled()
    s.reset(20)
    clock.advance(20)
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.pendingTimers).toBe(0)
  })
  it("a reset into the past completes at the next poll", () => {
    const clock = new VirtualClock(50)
    const w = new CountingWaker()
    const s = sleep(100)
    const cx: Context = contextOf(w, clock)
    expect(s.poll(cx)).toBe(Pending)
    s.reset(0)
    expect(w.count).toBe(1) // woken so the task polls again
    expect(clock.pendingTimers).toBe(0)
    expect(s.poll(cx)).toBeUndefined()
  })
  it("before the first poll, reset fixes the deadline; after completion it makes the sleep pending again", () => {
    const clock = new VirtualClock()
    const cx = contextOf(new CountingWaker(), clock)
    const s = sleep(5)
    expect(s.deadline).toBeUndefined()
    s.reset(7)
    expect(s.deadline).toBe(7)
    expect(s.poll(cx)).toBe(Pending)
    clock.advance(7)
    expect(s.poll(cx)).toBeUndefined()
    s.reset(12) // tokio's Sleep::reset works after completion too
    expect(s.poll(cx)).toBe(Pending)
    clock.advance(5)
    expect(s.poll(cx)).toBeUndefined()
  })
  it("a cancelled sleep stays cancelled: reset neither revives it nor registers a timer", () => {
    const clock = new VirtualClock()
    const s = sleep(5)
    s.poll(contextOf(new CountingWaker(), clock))
    s.cancel()
    s.reset(100)
    expect(clock.pendingTimers).toBe(0)
    expect(() => s.poll(contextOf(new CountingWaker(), clock))).toThrow(PollAfterReady)
  })
  it("InvalidArgument for a deadline that is not a finite number", () => {
    expect(() => sleep(5).reset(Number.NaN)).toThrow(/sleep\.reset\(deadline\).*got NaN/)
  })
})

describe("timeoutAt(future, deadline)", () => {
  it("passes the value through when it finishes before the deadline", () => {
    const { clock, ex } = setup()
    expect(
      ex.blockOn(
        timeoutAt(
          map(sleep(5), () => "ok"),
          10,
        ),
      ),
    ).toBe("ok")
    expect(clock.pendingTimers).toBe(0)
  })
  it("fails with TimeoutError at the absolute deadline and cancels the future", () => {
    const { clock, ex } = setup(1_000)
    const p = new Probe("slow")
    const h = ex.spawn(timeoutAt(p, 1_040))
    ex.runUntilStalled()
    clock.advance(39)
    expect(h.outcome).toBeUndefined()
    clock.advance(1)
    const error = (h.outcome as { error: TimeoutError }).error
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.ms).toBe(40) // the time it had, from its first poll
    expect(p.cancelled).toBe(true)
    expect(clock.pendingTimers).toBe(0)
  })
  it("one deadline shared by two steps gives them one budget", () => {
    const { clock, ex } = setup()
    const h = ex.spawn(
      gen(function* () {
        const deadline = (yield* now()) + 100
        yield* timeoutAt(sleep(70), deadline)
        yield* timeoutAt(sleep(70), deadline) // only 30 left
      }),
    )
    clock.advance(100)
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError)
    expect(clock.now()).toBe(100)
  })
  it("a deadline already passed: the future gets a last poll after it, then TimeoutError", () => {
    const clock = new VirtualClock(10)
    const p = new Probe("late")
    const w = new CountingWaker()
    const f = timeoutAt(p, 5)
    expect(f.poll(contextOf(w, clock))).toBe(Pending) // found passed while polling: wakes itself
    expect(w.count).toBe(1)
    expect(() => f.poll(contextOf(w, clock))).toThrow(TimeoutError)
    expect(p.polls).toBe(2)
    expect(p.cancelled).toBe(true)
    expect(clock.pendingTimers).toBe(0)
  })
  it("bad input, missing timer and cancel", () => {
    expect(() => timeoutAt(new Probe(), Number.NaN)).toThrow(/timeoutAt\(future, deadline\)/)
    const p = new Probe()
    expect(() => timeoutAt(p, 5).poll(contextOf())).toThrow(MissingCapability)
    expect(p.cancelled).toBe(true)
    checkNoLeaks(() => timeoutAt(sleep(100), 50), 10)
  })
})
