import { describe, expect, it } from "vitest"
import {
  InvalidArgument,
  MissingCapability,
  Pending,
  PollAfterReady,
  Schedule,
  gen,
  map,
  ready,
  repeat,
  retry,
  sleep,
  type Future,
} from "@pollable/core"
import {
  CountingWaker,
  ManualExecutor,
  VirtualClock,
  checkNoLeaks,
  contextOf,
  seededRandom,
} from "@pollable/core/testing"
import { Bang, Boom, Probe } from "../../support/probe.js"

/** make() for attempts that fail `failures` times (with Boom n), then succeed with "ok". */
const flaky = (failures: number) => {
  let calls = 0
  const make = (): Future<string, Boom> =>
    gen(function* () {
      const n = ++calls
      yield* sleep(1) // each attempt takes 1 ms of virtual time
      if (n <= failures) throw new Boom(`attempt ${n}`)
      return "ok"
    })
  return { make, calls: () => calls }
}

const setup = () => {
  const clock = new VirtualClock()
  return { clock, ex: new ManualExecutor({ timer: clock }) }
}

describe("retry(make, schedule)", () => {
  it("retries after the schedule's delays on the executor's clock and returns the first success", () => {
    const { clock, ex } = setup()
    const f = flaky(2)
    expect(ex.blockOn(retry(f.make, Schedule.exponential(100)))).toBe("ok")
    expect(f.calls()).toBe(3)
    expect(clock.now()).toBe(1 + 100 + 1 + 200 + 1) // three 1 ms attempts, delays 100 and 200
  })
  it("when the schedule stops it throws the last attempt's error", () => {
    const { ex } = setup()
    const f = flaky(10)
    const h = ex.spawn(retry(f.make, Schedule.fixed(10).maxAttempts(3)))
    ex.blockOn(map(sleep(1_000), () => undefined))
    expect(f.calls()).toBe(3)
    expect(h.outcome?._tag).toBe("Failure")
    expect((h.outcome as { error: Boom }).error.message).toBe("attempt 3")
  })
  it("whileInput on the typed error: an error the predicate rejects is thrown at once", () => {
    const { ex } = setup()
    let calls = 0
    const make = (): Future<never, Boom | Bang> =>
      gen(function* () {
        calls++
        if (calls === 1) throw new Boom()
        throw new Bang("fatal")
      })
    const policy = Schedule.fixed(5).whileInput((e: Boom | Bang) => e instanceof Boom)
    const h = ex.spawn(retry(make, policy))
    ex.blockOn(sleep(100))
    expect(calls).toBe(2)
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(Bang)
  })
  it("each attempt is a fresh future from make()", () => {
    const { ex } = setup()
    const made: Probe<number, Boom>[] = []
    const h = ex.spawn(
      retry(() => {
        const p = new Probe<number, Boom>(`a${made.length}`)
        made.push(p)
        return p
      }, Schedule.recurs(5)),
    )
    ex.runUntilStalled()
    made[0]!.reject(new Boom())
    ex.runUntilStalled()
    made[1]!.resolve(7)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    expect(made).toHaveLength(2)
    expect(made[0]).not.toBe(made[1])
  })
  it("elapsed includes the attempts' own time: maxElapsed bounds the whole loop", () => {
    const { clock, ex } = setup()
    let calls = 0
    let failedAt = 0
    const make = (): Future<never, Boom> =>
      gen(function* () {
        calls++
        yield* sleep(40)
        failedAt = clock.now()
        throw new Boom()
      })
    const h = ex.spawn(retry(make, Schedule.fixed(10).maxElapsed(150)))
    ex.blockOn(sleep(1_000))
    // attempts start at 0, 50, 100, 150 (150 <= 150 still starts); the next would start at 200 > 150
    expect(calls).toBe(4)
    expect(failedAt).toBe(190)
    expect(h.outcome?._tag).toBe("Failure")
    expect(clock.pendingTimers).toBe(0)
  })
  it("a jittered schedule with a seeded random gives reproducible waits under retry", () => {
    const expected = Schedule.exponential(100)
      .jittered({ random: seededRandom(9) })
      .delays(3, new Boom())
    const { clock, ex } = setup()
    const make = (() => {
      let n = 0
      return (): Future<string, Boom> =>
        ++n <= 3
          ? gen(function* () {
              throw new Boom()
            })
          : ready("done")
    })()
    expect(ex.blockOn(retry(make, Schedule.exponential(100).jittered({ random: seededRandom(9) })))).toBe("done")
    expect(clock.now()).toBeCloseTo(
      expected.reduce((a, b) => a + b, 0),
      3,
    ) // the clock keeps time to the microsecond
  })
  it("a zero delay lets other tasks run before the next attempt (never a synchronous loop)", () => {
    const clock = new VirtualClock()
    const w = new CountingWaker()
    let calls = 0
    const f = retry(() => {
      calls++
      return gen(function* () {
        throw new Boom()
      })
    }, Schedule.recurs(3))
    const cx = contextOf(w, clock)
    expect(f.poll(cx)).toBe(Pending)
    expect(calls).toBe(1)
    expect(w.count).toBe(1) // woke itself instead of looping
    f.poll(cx)
    expect(calls).toBe(2)
  })
})

describe("retry: cancel safety", () => {
  it("cancelling during a delay removes its timer entry and starts no further attempt", () => {
    const { clock, ex } = setup()
    const f = flaky(10)
    const h = ex.spawn(retry(f.make, Schedule.fixed(100)))
    clock.advance(50) // attempt 1 failed at t=1; waiting until t=101
    expect(f.calls()).toBe(1)
    expect(clock.pendingTimers).toBe(1)
    h.cancel()
    expect(clock.pendingTimers).toBe(0)
    clock.advance(1_000)
    expect(f.calls()).toBe(1)
    expect(ex.strayWakes).toBe(0)
  })
  it("cancelling during an attempt cancels that attempt", () => {
    const { ex } = setup()
    const p = new Probe<number, Boom>("attempt")
    const h = ex.spawn(retry(() => p, Schedule.forever))
    ex.runUntilStalled()
    expect(p.registered).toBe(true)
    h.cancel()
    expect(p.cancelled).toBe(true)
    expect(p.registered).toBe(false)
  })
  it("leaves nothing registered, cancelled mid-delay, mid-attempt or after completing", () => {
    checkNoLeaks(() => retry(flaky(5).make, Schedule.exponential(10)), 15) // in the 2nd delay
    checkNoLeaks(() => retry(flaky(5).make, Schedule.exponential(10)), 11.5) // in the 2nd attempt
    checkNoLeaks(() => retry(flaky(2).make, Schedule.exponential(10)))
    checkNoLeaks(() => repeat(() => sleep(3), Schedule.fixed(5)), 20)
  })
})

describe("retry / repeat: bad input and capabilities", () => {
  it("InvalidArgument for a non-function make or a non-Schedule", () => {
    expect(() => retry(3 as never, Schedule.forever)).toThrow(InvalidArgument)
    expect(() => retry(() => ready(1), { next: () => 0 } as never)).toThrow(/expected a Schedule.*Schedule\.fixed/)
    expect(() => repeat(null as never, Schedule.forever)).toThrow(InvalidArgument)
    expect(() => repeat(() => ready(1), undefined as never)).toThrow(/repeat.*expected a Schedule/)
  })
  it("InvalidArgument at poll when make returns something that is not a future", () => {
    const { ex } = setup()
    const h = ex.spawn(retry(() => 42 as never, Schedule.forever))
    ex.runUntilStalled()
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(InvalidArgument)
    expect(String((h.outcome as { error: unknown }).error)).toMatch(/make returned number, not a future/)
  })
  it("MissingCapability when the executor has no timer", () => {
    const f = retry(() => ready(1), Schedule.forever)
    expect(() => f.poll(contextOf(new CountingWaker()))).toThrow(MissingCapability)
  })
  it("PollAfterReady after it completed (rule 3)", () => {
    const clock = new VirtualClock()
    const f = retry(() => ready(1), Schedule.forever)
    const cx = contextOf(new CountingWaker(), clock)
    expect(f.poll(cx)).toBe(1)
    expect(() => f.poll(cx)).toThrow(PollAfterReady)
  })
})

describe("repeat(make, schedule)", () => {
  it("runs again while the schedule goes on and returns the last value", () => {
    const { clock, ex } = setup()
    let n = 0
    expect(ex.blockOn(repeat(() => ready(++n), Schedule.fixed(10).maxAttempts(4)))).toBe(4)
    expect(clock.now()).toBe(30)
  })
  it("whileInput looks at each run's value", () => {
    const { ex } = setup()
    let n = 0
    expect(
      ex.blockOn(
        repeat(
          () => ready(++n),
          Schedule.fixed(1).whileInput((v: number) => v < 3),
        ),
      ),
    ).toBe(3)
  })
  it("a failing run fails the repetition at once", () => {
    const { ex } = setup()
    let n = 0
    const h = ex.spawn(
      repeat(
        () =>
          ++n === 2
            ? gen(function* () {
                throw new Boom("second")
              })
            : ready(n),
        Schedule.fixed(5),
      ),
    )
    ex.blockOn(sleep(100))
    expect(n).toBe(2)
    expect((h.outcome as { error: Boom }).error.message).toBe("second")
  })
})
