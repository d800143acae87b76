import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import {
  Interrupted,
  LocalExecutor,
  Pending,
  hostMacrotask,
  PollAfterReady,
  TimerQueue,
  gen,
  lazy,
  map,
  pollFn,
  ready,
  sleep,
  type ClockSource,
  type Future,
  type Waker,
} from "@pollable/core"
import { ManualExecutor, Stalled, VirtualClock, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "./probe.js"

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

describe("JoinHandle", () => {
  it("is a Future: another task can await it", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const a = ex.spawn(map(sleep(10), () => 5))
    const b = ex.spawn(map(a, (x) => x * 2))
    clock.advance(10)
    expect(b.outcome).toEqual({ _tag: "Success", value: 10 })
    expect(() => a.poll(contextOf())).toThrow(PollAfterReady) // b consumed it
  })

  it("is PromiseLike: await gives the value, failures reject", async () => {
    const ex = new LocalExecutor()
    await expect(ex.spawn(ready("v"))).resolves.toBe("v")
    await expect(
      ex.spawn(
        lazy(() => {
          throw new Boom("no")
        }),
      ),
    ).rejects.toThrow("no")
    const h = ex.spawn(ready(1))
    expect(await h).toBe(1)
    expect(await h).toBe(1) // then can be used many times
  })

  it("cancel settles it as interrupted; awaiting it rejects with Interrupted", async () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const h = ex.spawn(sleep(100))
    ex.runUntilStalled()
    const awaited = h.then(
      () => "resolved",
      (e: unknown) => e,
    )
    h.cancel()
    h.cancel()
    const err = await awaited
    expect(err).toBeInstanceOf(Interrupted)
    expect((err as Error).message).toMatch(/^task#\d+ was cancelled before it completed; handle cancellation/)
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    await expect(h).rejects.toBeInstanceOf(Interrupted) // awaited after cancel too
  })

  it("cancel of a finished task changes nothing", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(ready(1))
    ex.runUntilStalled()
    h.cancel()
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
  })

  it("a cancelled, still-queued task is dropped without a poll", () => {
    const ex = new ManualExecutor()
    const p = new Probe()
    const h = ex.spawn(p)
    h.cancel()
    ex.runUntilStalled()
    expect(p.polls).toBe(0)
    expect(p.cancels).toBe(1)
  })

  it("polling a cancelled handle throws Interrupted", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(ready(1))
    h.cancel()
    expect(() => h.poll(contextOf())).toThrow(Interrupted)
  })

  describe("no unhandled rejection when nobody awaits a failed task", () => {
    const seen: unknown[] = []
    const onUnhandled = (e: unknown): void => {
      seen.push(e)
    }
    beforeEach(() => {
      seen.length = 0
      process.on("unhandledRejection", onUnhandled)
    })
    afterEach(() => {
      process.off("unhandledRejection", onUnhandled)
    })
    it("failed and cancelled tasks nobody awaits", async () => {
      const ex = new LocalExecutor({ timer: new VirtualClock() })
      const failed = ex.spawn(
        lazy(() => {
          throw new Boom("ignored")
        }),
      )
      const cut = ex.spawn(sleep(10))
      await new Promise((r) => setTimeout(r, 0))
      cut.cancel()
      await new Promise((r) => setTimeout(r, 0))
      expect(failed.outcome?._tag).toBe("Failure")
      expect(cut.outcome?._tag).toBe("Interrupted")
      expect(seen).toEqual([])
    })
  })

  it("onSettle listeners get the outcome, also when registered late", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(ready(2)) as ReturnType<ManualExecutor["spawn"]> & { onSettle(l: (o: unknown) => void): void }
    const got: unknown[] = []
    h.onSettle((o) => got.push(o))
    ex.runUntilStalled()
    h.onSettle((o) => got.push(o))
    expect(got).toEqual([
      { _tag: "Success", value: 2 },
      { _tag: "Success", value: 2 },
    ])
  })
})

describe("ManualExecutor", () => {
  it("blockOn advances the virtual clock and throws Stalled when nothing can move", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(ex.blockOn(map(sleep(7), () => "x"))).toBe("x")
    const p = new Probe("never-woken")
    expect(() => ex.blockOn(p)).toThrow(Stalled)
    expect(() => ex.blockOn(new Probe("lonely"))).toThrow(/lonely is pending.*rule 1/)
  })
  it("step polls one task at a time", () => {
    const ex = new ManualExecutor()
    ex.spawn(ready(1))
    ex.spawn(ready(2))
    expect(ex.step()).toBe(true)
    expect(ex.queued).toBe(1)
    expect(ex.step()).toBe(true)
    expect(ex.step()).toBe(false)
  })
  it("runUntilStalled throws on a livelock past maxPolls", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(pollFn((cx) => (cx.waker.wake(), Pending)))
    expect(() => ex.runUntilStalled(1000)).toThrow(/more than 1000 polls/)
    h.cancel()
  })
})

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

describe("gen on LocalExecutor end to end", () => {
  it("runs with real microtasks", async () => {
    const ex = new LocalExecutor({ timer: new VirtualClock() })
    const v = await ex.spawn(
      gen(function* () {
        const a = yield* ready(2)
        return a * 21
      }),
    )
    expect(v).toBe(42)
  })
})

describe("LocalExecutor slice (how long a busy drain polls before yielding to the host)", () => {
  /** Spawns a task that wakes itself forever; resolves with its poll count when a host macrotask runs. */
  const pollsBeforeMacrotask = async (ex: LocalExecutor): Promise<number> => {
    let polls = 0
    const spinner = ex.spawn(
      pollFn((cx) => {
        polls++
        cx.waker.wake()
        return Pending
      }),
    )
    const seen = await new Promise<number>((resolve) => setImmediate(() => resolve(polls)))
    spinner.cancel()
    return seen
  }

  it("slice: 0 yields after every batch of `budget` polls", async () => {
    expect(await pollsBeforeMacrotask(new LocalExecutor({ budget: 10, slice: 0 }))).toBeLessThanOrEqual(10)
  })

  it("with a slice, a full batch is followed by more batches before the host gets its turn", async () => {
    // the slice clock is read only after the second batch, so at least two always run
    expect(await pollsBeforeMacrotask(new LocalExecutor({ budget: 10, slice: 50 }))).toBeGreaterThanOrEqual(20)
  })

  it("the default hooks use a slice; custom hooks (an adapter's scheduler, a virtual clock) do not", async () => {
    expect(await pollsBeforeMacrotask(new LocalExecutor({ budget: 10 }))).toBeGreaterThanOrEqual(20)
    let yields = 0
    const ex = new LocalExecutor({
      budget: 10,
      yieldToHost: (drain) => {
        yields++
        setImmediate(drain)
      },
    })
    expect(await pollsBeforeMacrotask(ex)).toBeLessThanOrEqual(10)
    expect(yields).toBeGreaterThan(0)
  })

  it("rejects a negative or non-number slice", () => {
    expect(() => new LocalExecutor({ slice: -1 })).toThrow(/slice/)
    expect(() => new LocalExecutor({ slice: Number.NaN })).toThrow(/slice/)
  })
})

describe("LocalExecutor options are checked", () => {
  it("budget must be a whole number of polls >= 1", () => {
    for (const budget of [0, -1, 1.5, Number.NaN, "8" as unknown as number]) {
      expect(() => new LocalExecutor({ budget })).toThrow(/LocalExecutor\(\{ budget \}\): expected an integer >= 1/)
    }
  })
})

describe("hostMacrotask", () => {
  it("runs callbacks in order, each after the current job's microtasks", async () => {
    const log: string[] = []
    await new Promise<void>((resolve) => {
      hostMacrotask(() => log.push("a"))
      hostMacrotask(() => {
        log.push("b")
        resolve()
      })
      queueMicrotask(() => log.push("microtask"))
    })
    expect(log).toEqual(["microtask", "a", "b"])
  })

  it("without setImmediate (browsers) it posts MessageChannel messages, not clamped timers", async () => {
    const timeout = vi.spyOn(globalThis, "setTimeout")
    vi.stubGlobal("setImmediate", undefined)
    try {
      const log: number[] = []
      await new Promise<void>((resolve) => {
        for (let i = 0; i < 5; i++) hostMacrotask(() => log.push(i))
        hostMacrotask(resolve)
        queueMicrotask(() => log.push(-1))
      })
      expect(log).toEqual([-1, 0, 1, 2, 3, 4])
      expect(timeout).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllGlobals()
      timeout.mockRestore()
    }
  })
})
