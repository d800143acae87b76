import { describe, expect, it, vi } from "vitest"
import { asapScheduler, asyncScheduler, delay, observeOn, of, queueScheduler, timer, type SchedulerLike } from "rxjs"
import { TestScheduler } from "rxjs/testing"
import { LocalExecutor, Pending, TimerQueue, gen, map, pollFn, sleep, type Waker } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { RxjsExecutor, asSchedulerLike, rxjs, toObservable } from "@pollable/adapter-rxjs"
import { itUnless, noSetImmediate } from "../support/runtime.js"

/** Wraps a scheduler and counts `schedule` calls. */
const counting = (inner: SchedulerLike) => {
  const calls: number[] = []
  const s: SchedulerLike = {
    now: () => inner.now(),
    schedule: ((work: any, d?: number, state?: unknown) => {
      calls.push(d ?? 0)
      return inner.schedule(work, d, state)
    }) as SchedulerLike["schedule"],
  }
  return { s, calls }
}

describe("RxjsExecutor", () => {
  it("is core's LocalExecutor with a TimerQueue over the scheduler's clock", () => {
    const ex = new RxjsExecutor()
    expect(ex).toBeInstanceOf(LocalExecutor)
    expect(ex.timer).toBeInstanceOf(TimerQueue)
    expect(ex.scheduler).toBe(asapScheduler)
    expect(ex.describe()).toBe("rxjs (asap)")
    expect(new RxjsExecutor(queueScheduler).describe()).toBe("rxjs (queue)")
    expect(new RxjsExecutor(new TestScheduler(() => {})).describe()).toBe("rxjs (TestScheduler)")
    const clock = new VirtualClock()
    expect(new RxjsExecutor(asapScheduler, { timer: clock }).timer).toBe(clock)
  })

  it("coalesces a burst of wakes into one scheduled action", () => {
    const ts = new TestScheduler(() => {})
    const { s, calls } = counting(ts)
    const ex = new RxjsExecutor(s)
    const wakers: Waker[] = []
    let polls = 0
    for (let i = 0; i < 5; i++) {
      ex.spawn(
        pollFn<void>((cx) => {
          polls++
          if (polls > 5) return undefined
          wakers.push(cx.waker)
          return Pending
        }),
      )
    }
    expect(calls.length).toBe(1) // five spawns, one drain
    ts.flush()
    expect(polls).toBe(5)
    for (const w of wakers) {
      w.wake()
      w.wake()
    }
    expect(calls.length).toBe(2) // ten wakes, one more drain
    ts.flush()
    expect(polls).toBe(10)
  })

  it("10,000 sleeps arm one scheduler alarm", () => {
    const ts = new TestScheduler(() => {})
    const { s, calls } = counting(ts)
    const ex = new RxjsExecutor(s)
    const hs = Array.from({ length: 10_000 }, (_, i) => ex.spawn(sleep(100 + (i % 7))))
    ts.maxFrames = 0
    ts.flush() // frame 0 only: every sleep registered
    expect((ex.timer as TimerQueue).size).toBe(10_000)
    expect(calls.filter((d) => d > 0)).toEqual([100])
    ts.maxFrames = Infinity
    ts.flush()
    expect(calls.filter((d) => d > 0)).toEqual([100, 1, 1, 1, 1, 1, 1]) // one alarm per distinct deadline
    expect(hs.every((h) => h.outcome?._tag === "Success")).toBe(true)
  })

  it("queueScheduler: a wake outside any action does not poll on the caller's stack", async () => {
    const ex = new RxjsExecutor(queueScheduler)
    let polls = 0
    let w: Waker | undefined
    const h = ex.spawn(
      pollFn<number>((cx) => {
        polls++
        w = cx.waker
        return polls === 2 ? polls : Pending
      }),
    )
    expect(polls).toBe(0) // spawn did not poll either (rule 7)
    await Promise.resolve()
    expect(polls).toBe(1)
    w!.wake()
    expect(polls).toBe(1)
    expect(await h).toBe(2)
  })

  it("queueScheduler: a wake inside a queue action runs right after it, still not on the waker's stack", () => {
    const ex = new RxjsExecutor(queueScheduler)
    const log: string[] = []
    let w: Waker | undefined
    ex.spawn(
      pollFn<void>((cx) => {
        log.push("poll")
        w = cx.waker
        return Pending
      }),
    )
    return Promise.resolve().then(() => {
      log.length = 0
      queueScheduler.schedule(() => {
        w!.wake()
        log.push("after wake")
      })
      expect(log).toEqual(["after wake", "poll"])
    })
  })

  it("asapScheduler: yields to the host (asyncScheduler) after a full batch", async () => {
    const ex = new RxjsExecutor(asapScheduler, { budget: 4 })
    let macro = false
    setTimeout(() => (macro = true), 0)
    let polls = 0
    const spinner = ex.spawn(
      pollFn<boolean>((cx) => {
        polls++
        if (macro) return true
        if (polls > 200_000) return false
        cx.waker.wake()
        return Pending
      }),
    )
    expect(await spinner).toBe(true)
  })

  /** A task that wakes itself until its `n`th poll, then returns `n`. */
  const spin = (ex: RxjsExecutor, n: number) => {
    let polls = 0
    return ex.spawn(
      pollFn<number>((cx) => {
        if (++polls === n) return polls
        cx.waker.wake()
        return Pending
      }),
    )
  }

  itUnless(noSetImmediate)(
    "on a real clock the default yield is a host macrotask, not asyncScheduler's clamped setInterval",
    async () => {
      const immediate = vi.spyOn(globalThis, "setImmediate")
      const viaAsync = vi.spyOn(asyncScheduler, "schedule")
      try {
        const ex = new RxjsExecutor(asapScheduler, { budget: 4 })
        const spinner = spin(ex, 50)
        expect(await spinner).toBe(50)
        expect(immediate.mock.calls.length).toBeGreaterThanOrEqual(10) // one per batch of 4 polls
        expect(viaAsync).not.toHaveBeenCalled()
      } finally {
        immediate.mockRestore()
        viaAsync.mockRestore()
      }
    },
  )

  itUnless(noSetImmediate)("inside TestScheduler.run the default yield stays on the (virtual) async scheduler", () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    const immediate = vi.spyOn(globalThis, "setImmediate")
    try {
      ts.run(({ flush }) => {
        const ex = new RxjsExecutor(asapScheduler, { budget: 4 })
        const spinner = spin(ex, 50)
        flush()
        expect(spinner.outcome).toEqual({ _tag: "Success", value: 50 })
      })
      expect(immediate).not.toHaveBeenCalled()
    } finally {
      immediate.mockRestore()
    }
  })

  it("runs on asyncScheduler in real time (order only)", async () => {
    const ex = new RxjsExecutor(asyncScheduler)
    const order: number[] = []
    const a = ex.spawn(map(sleep(4), () => order.push(4)))
    const b = ex.spawn(map(sleep(1), () => order.push(1)))
    await Promise.all([a, b])
    expect(order).toEqual([1, 4])
  })

  it("one VirtualClock drives an RxjsExecutor and a ManualExecutor together", async () => {
    const clock = new VirtualClock()
    const rx = new RxjsExecutor(asapScheduler, { timer: clock })
    const manual = new ManualExecutor({ timer: clock })
    const at: string[] = []
    const h1 = rx.spawn(map(sleep(10), () => at.push(`rx@${clock.now()}`)))
    const h2 = manual.spawn(map(sleep(5), () => at.push(`manual@${clock.now()}`)))
    await clock.runAllAsync()
    await h1
    expect(h2.outcome?._tag).toBe("Success")
    expect(at).toEqual(["manual@5", "rx@10"])
  })

  it("the same scenario gives the same virtual timestamps under TestScheduler and VirtualClock", () => {
    const scenario = (now: () => number) =>
      gen(function* () {
        const stamps: number[] = []
        for (const ms of [3, 10, 0, 7]) {
          yield* sleep(ms)
          stamps.push(now())
        }
        return stamps
      })
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    let underTs: number[] = []
    ts.run(() => {
      toObservable(() => scenario(() => ts.now()), { scheduler: ts }).subscribe((v) => (underTs = v))
    })
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(scenario(() => clock.now()))
    clock.runAll()
    expect(underTs).toEqual([3, 13, 13, 20])
    expect(h.outcome).toEqual({ _tag: "Success", value: underTs })
  })
})

describe("asSchedulerLike", () => {
  it("RxJS timer/delay/observeOn run on a pollable executor and its VirtualClock", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const sched = asSchedulerLike(ex)
    const seen: string[] = []
    timer(10, sched).subscribe(() => seen.push(`timer@${clock.now()}`))
    of("x")
      .pipe(delay(5, sched))
      .subscribe((v) => seen.push(`${v}@${clock.now()}`))
    of("o")
      .pipe(observeOn(sched))
      .subscribe((v) => seen.push(`${v}@${clock.now()}`))
    expect(seen).toEqual([]) // observeOn deferred to the executor
    ex.runUntilStalled()
    expect(seen).toEqual(["o@0"])
    clock.advance(10)
    expect(seen).toEqual(["o@0", "x@5", "timer@10"])
    expect(clock.pendingTimers).toBe(0)
    expect(sched.now()).toBe(10)
  })

  it("periodic work reschedules itself (timer with a period)", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const ticks: number[] = []
    const sub = timer(0, 4, asSchedulerLike(ex)).subscribe(() => ticks.push(clock.now()))
    clock.advance(12)
    expect(ticks).toEqual([0, 4, 8, 12])
    sub.unsubscribe()
    expect(clock.pendingTimers).toBe(0)
    clock.advance(20)
    expect(ticks).toEqual([0, 4, 8, 12])
  })

  it("unsubscribing a scheduled action cancels its task and timer", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    let ran = false
    const action = asSchedulerLike(ex).schedule(() => {
      ran = true
    }, 50)
    ex.runUntilStalled()
    expect(clock.pendingTimers).toBe(1)
    action.unsubscribe()
    expect(clock.pendingTimers).toBe(0)
    clock.advance(100)
    expect(ran).toBe(false)
  })

  it("an RxjsExecutor round trip: asSchedulerLike(new RxjsExecutor(ts)) keeps TestScheduler frames", () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    ts.run(({ cold, expectObservable }) => {
      const sched = asSchedulerLike(new RxjsExecutor(ts))
      expectObservable(cold("a-b|").pipe(delay(3, sched))).toBe("---a-(b|)")
    })
  })
})

describe("the rxjs Adapter", () => {
  it("names itself, creates RxjsExecutors and runs futures as cold Observables", () => {
    expect(rxjs.name).toBe("rxjs")
    expect(rxjs.createExecutor()).toBeInstanceOf(RxjsExecutor)
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    ts.run(({ expectObservable }) => {
      expectObservable(rxjs.run(() => map(sleep(2), () => "v"), { scheduler: ts })).toBe("2ms (v|)", { v: "v" })
    })
  })
})
