import { describe, expect, it } from "vitest"
import {
  Interrupted,
  LocalExecutor,
  Pending,
  PollAfterReady,
  TimerQueue,
  abortable,
  fromCallback,
  gen,
  hostClock,
  join,
  lazy,
  map,
  pollFn,
  ready,
  select,
  settle,
  shared,
  sleep,
  suspend,
  timeout,
  yieldNow,
  mpsc,
  Notify,
  suppressedOf,
  TimeoutError,
  tryJoin,
  type Context,
  type Future,
  type JoinHandle,
} from "@pollable/core"
import {
  CountingWaker,
  ExploringExecutor,
  ManualExecutor,
  VirtualClock,
  checkNoLeaks,
  contextOf,
  seededChoose,
} from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"
import { itUnless, noSetImmediate } from "../../support/runtime.js"

/** A future that wakes itself at every poll and never completes (the seeds' "busy" future). */
const spinner = (counter: { polls: number }): Future<never, never> =>
  pollFn<never>((cx) => {
    counter.polls++
    cx.waker.wake()
    return Pending
  })

describe("rule 1: only the most recent waker is woken", () => {
  it("sleep moves its timer registration to the latest waker", () => {
    const clock = new VirtualClock()
    const a = new CountingWaker()
    const b = new CountingWaker()
    const f = sleep(10)
    expect(f.poll(contextOf(a, clock))).toBe(Pending)
    expect(f.poll(contextOf(b, clock))).toBe(Pending)
    expect(clock.pendingTimers).toBe(1) // the first registration was replaced, not duplicated
    clock.advance(10)
    expect(a.count).toBe(0)
    expect(b.count).toBe(1)
    expect(f.poll(contextOf(b, clock))).toBeUndefined()
  })

  it.each([
    ["fromCallback", (p: Probe) => fromCallback<number>((res) => void p.poll({ waker: { wake: () => res(1) } }))],
    ["join", (p: Probe) => join(p, ready(0))],
    ["select", (p: Probe) => select(p, sleep(1000))],
    ["timeout", (p: Probe) => timeout(p, 1000)],
    ["abortable", (p: Probe) => abortable(p, new AbortController().signal)],
    ["shared", (p: Probe) => shared(p)],
    ["map", (p: Probe) => map(p, (x) => x + 1)],
    [
      "gen",
      (p: Probe) =>
        gen(function* () {
          return yield* wrapProbe(p)
        }),
    ],
  ] as const)("%s wakes only the waker of its latest poll", (_name, make) => {
    const clock = new VirtualClock()
    const p = new Probe()
    const f = make(p)
    const a = new CountingWaker()
    const b = new CountingWaker()
    expect(f.poll(contextOf(a, clock))).toBe(Pending)
    expect(f.poll(contextOf(b, clock))).toBe(Pending)
    p.resolve(1)
    expect(a.count).toBe(0)
    expect(b.count).toBeGreaterThanOrEqual(1)
    expect(f.poll(contextOf(b, clock))).not.toBe(Pending)
    f.cancel()
    expect(clock.pendingTimers).toBe(0)
  })
})

/** gen needs yield*-able futures; the Probe is hand-written, so lift it with suspend. */
const wrapProbe = (p: Probe) => suspend(() => p)

describe("rule 2: spurious wakes are tolerated / wake never polls synchronously", () => {
  it("core futures stay correct when polled with nothing changed", () => {
    const clock = new VirtualClock()
    const cx = contextOf(new CountingWaker(), clock)
    const f = join(sleep(10), timeout(sleep(5), 50), select(sleep(20), sleep(30)))
    for (let i = 0; i < 5; i++) expect(f.poll(cx)).toBe(Pending)
    clock.advance(20)
    const r = f.poll(cx)
    expect(r).toEqual([undefined, undefined, { index: 0, value: undefined }])
    expect(clock.pendingTimers).toBe(0)
  })

  it("a schedule full of spurious wakes gives the same result", () => {
    for (let seed = 0; seed < 50; seed++) {
      const clock = new VirtualClock()
      const ex = new ExploringExecutor({ choose: seededChoose(seed), clock, spuriousEvery: 2 })
      const h = ex.spawn(
        gen(function* () {
          const [a, b] = yield* join(
            map(sleep(3), () => 1),
            map(sleep(2), () => 2),
          )
          const s = yield* select(
            sleep(10),
            map(sleep(1), () => "x"),
          )
          return a + b + String(s.value)
        }),
      )
      ex.run()
      expect(h.outcome).toEqual({ _tag: "Success", value: "3x" })
      expect(clock.now()).toBe(4)
      expect(clock.pendingTimers).toBe(0)
    }
  })

  it("wake() only schedules: the task is polled later, by the executor", async () => {
    const queued: (() => void)[] = []
    const ex = new LocalExecutor({ schedule: (d) => queued.push(d) })
    let polls = 0
    let waker: { wake(): void } | undefined
    const h = ex.spawn(
      pollFn<number>((cx) => {
        polls++
        if (polls === 2) return 42
        waker = cx.waker
        return Pending
      }),
    )
    expect(polls).toBe(0) // spawn does not poll either
    queued.shift()!()
    expect(polls).toBe(1)
    waker!.wake()
    waker!.wake()
    expect(polls).toBe(1) // still not polled on the waker's stack
    expect(queued.length).toBe(1) // two wakes, one scheduled drain
    queued.shift()!()
    expect(polls).toBe(2)
    expect(h.outcome).toEqual({ _tag: "Success", value: 42 })
    await expect(h).resolves.toBe(42)
  })
})

describe("rule 3: poll after ready throws PollAfterReady naming the future", () => {
  const cx = contextOf()
  it.each([
    ["ready()", () => ready(1)],
    ["sleep(0)", () => sleep(0)],
    [
      "gen(named)",
      () =>
        gen(function* named() {
          return 1
        }),
    ],
    [
      "lazy(compute)",
      () =>
        lazy(function compute() {
          return 1
        }),
    ],
  ] as const)("%s", (name, make) => {
    const f = make()
    const clock = new VirtualClock()
    expect(f.poll(contextOf(undefined, clock))).not.toBe(Pending)
    const err = (() => {
      try {
        f.poll(cx)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(PollAfterReady)
    expect((err as Error).message).toContain(name)
    expect((err as Error).message).toContain("after it completed")
    expect((err as Error).message).toContain("fuse()")
  })

  it("after a failure, and after cancel", () => {
    const f = lazy(() => {
      throw new Boom()
    })
    expect(() => f.poll(cx)).toThrow(Boom)
    expect(() => f.poll(cx)).toThrow(PollAfterReady)
    const g = sleep(5)
    g.cancel()
    expect(() => g.poll(cx)).toThrow(/sleep\(5\) was polled after it cancelled/)
  })

  it("never re-runs work", () => {
    let runs = 0
    const f = lazy(() => ++runs)
    expect(f.poll(cx)).toBe(1)
    expect(() => f.poll(cx)).toThrow(PollAfterReady)
    expect(runs).toBe(1)
  })

  it("a JoinHandle polled after it delivered its value names the task", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(ready(1))
    ex.runUntilStalled()
    expect(h.poll(cx)).toBe(1)
    expect(() => h.poll(cx)).toThrow(/task#\d+ was polled after it completed/)
  })
})

describe("rule 4: cancel releases timers, listeners and wakers", () => {
  it("sleep and timeout remove their timer entries", () => {
    expect(checkNoLeaks(() => sleep(100), 10).timers).toBe(0)
    expect(checkNoLeaks(() => timeout(sleep(100), 50), 10).timers).toBe(0)
    expect(checkNoLeaks(() => join(sleep(10), sleep(20), sleep(30)), 15).strayWakes).toBe(0)
    expect(checkNoLeaks(() => select(sleep(10), sleep(20)), 5).timers).toBe(0)
  })

  it("checkNoLeaks catches a future that keeps its timer", () => {
    const clock = { entry: undefined as { cancel(): void } | undefined }
    const leaky = pollFn<void>((cx) => {
      clock.entry ??= cx.timer!.schedule(cx.timer!.now() + 100, cx.waker)
      return Pending
    }) // no onCancel: the entry leaks
    expect(() => checkNoLeaks(() => leaky, 1)).toThrow(/leak: after cancel 1 timer\(s\) stayed registered/)
  })

  it("abortable removes its abort listener; no wake arrives after cancel", () => {
    const ac = new AbortController()
    let added = 0
    let removed = 0
    const signal = ac.signal
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((...a: Parameters<typeof add>) => {
      added++
      add(...a)
    }) as typeof add
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      removed++
      remove(...a)
    }) as typeof remove
    const w = new CountingWaker()
    const f = abortable(sleep(100), signal)
    expect(f.poll(contextOf(w, new VirtualClock()))).toBe(Pending)
    expect(added).toBe(1)
    f.cancel()
    expect(removed).toBe(1)
    ac.abort()
    expect(w.count).toBe(0)
  })

  it("fromCallback runs its cleanup, and later callbacks are ignored", () => {
    let cleanups = 0
    let resolve: ((v: number) => void) | undefined
    const w = new CountingWaker()
    const f = fromCallback<number>((res) => {
      resolve = res
      return () => cleanups++
    })
    expect(f.poll(contextOf(w))).toBe(Pending)
    f.cancel()
    f.cancel() // idempotent
    expect(cleanups).toBe(1)
    resolve!(1)
    expect(w.count).toBe(0)
  })

  it("combinators cancel every child they abandon", () => {
    const ps = [new Probe("a"), new Probe("b"), new Probe("c")]
    const f = join(ps[0]!, select(ps[1]!, timeout(ps[2]!, 10)))
    expect(f.poll(contextOf(undefined, new VirtualClock()))).toBe(Pending)
    f.cancel()
    for (const p of ps) {
      expect(p.cancels).toBe(1)
      expect(p.registered).toBe(false)
    }
  })

  it("a cancelled task never runs its future again, and later wakes are stray", () => {
    const ex = new ManualExecutor()
    const p = new Probe()
    const h = ex.spawn(p)
    ex.runUntilStalled()
    const w = p.waker!
    h.cancel()
    w.wake()
    ex.runUntilStalled()
    expect(p.polls).toBe(1)
    expect(ex.strayWakes).toBe(1) // the probe kept its waker only because we copied it
  })
})

describe("rule 5: a self-waking task cannot starve a timer or another task", () => {
  it("ManualExecutor: a self-waking task goes behind the others", () => {
    const ex = new ManualExecutor()
    const spin = { polls: 0 }
    const a = ex.spawn(spinner(spin))
    const b = ex.spawn(
      gen(function* () {
        for (let i = 0; i < 3; i++) yield* yieldNow()
        return "b"
      }),
    )
    // every poll of b is interleaved with one poll of the spinner
    expect(ex.runBatch(8)).toBe(8)
    expect(b.outcome).toEqual({ _tag: "Success", value: "b" })
    expect(spin.polls).toBe(4)
    a.cancel()
    expect(ex.runUntilStalled()).toBe(1) // the queued spinner entry is dropped without a poll
    expect(spin.polls).toBe(4)
  })

  it("LocalExecutor: one drain polls at most `budget` tasks, then yields to the host, where a timer fires", () => {
    const micro: (() => void)[] = []
    const macro: (() => void)[] = []
    const clock = new VirtualClock()
    const ex = new LocalExecutor({
      timer: clock,
      budget: 16,
      schedule: (d) => micro.push(d),
      yieldToHost: (d) => macro.push(d),
    })
    const spin = { polls: 0 }
    const spinning = ex.spawn(spinner(spin))
    const sleeper = ex.spawn(sleep(5))
    micro.shift()!()
    expect(spin.polls).toBe(15) // 16 polls: one was the sleeper's
    expect(macro.length).toBe(1) // the rest was handed to the host
    clock.advance(5) // the host runs its timers between drains
    macro.shift()!()
    expect(sleeper.outcome).toEqual({ _tag: "Success", value: undefined })
    spinning.cancel()
    macro.shift()?.()
    expect(macro.length).toBe(0)
    expect(clock.pendingTimers).toBe(0)
  })

  const hostTimerFires = async (yieldToHost: ((d: () => void) => void) | undefined) => {
    const timer = new TimerQueue(hostClock())
    const ex = new LocalExecutor({ timer, budget: 64, ...(yieldToHost === undefined ? {} : { yieldToHost }) })
    const spin = { polls: 0 }
    const spinning = ex.spawn(spinner(spin))
    const other = ex.spawn(
      gen(function* () {
        for (let i = 0; i < 100; i++) yield* yieldNow()
        return "other"
      }),
    )
    await expect(ex.spawn(sleep(2))).resolves.toBeUndefined()
    await expect(other).resolves.toBe("other")
    expect(spin.polls).toBeGreaterThan(100)
    spinning.cancel()
    await expect(spinning).rejects.toBeInstanceOf(Interrupted)
    expect(timer.size).toBe(0)
  }
  const title = (how: string) => `real time, yieldToHost = ${how}: a host timer fires while a task self-wakes forever`
  itUnless(noSetImmediate)(title("setImmediate"), () => hostTimerFires((d) => void setImmediate(d)))
  it(title("setTimeout"), () => hostTimerFires((d) => void setTimeout(d, 0)))
  it(title("the default"), () => hostTimerFires(undefined))
})

describe("rule 6: three outcomes", () => {
  const run = <T, E>(f: Future<T, E>, cancel = false): JoinHandle<T, E> => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const h = ex.spawn(f)
    ex.runUntilStalled()
    if (cancel) h.cancel()
    return h
  }
  it("success, failure and interrupted are observable on the handle", async () => {
    const ok = run(ready(1))
    const bad = run(
      lazy(() => {
        throw new Boom()
      }),
    )
    const cut = run(sleep(10), true)
    expect(ok.outcome).toEqual({ _tag: "Success", value: 1 })
    expect(bad.outcome).toEqual({ _tag: "Failure", error: expect.any(Boom) })
    expect(cut.outcome).toEqual({ _tag: "Interrupted" })
    await expect(ok).resolves.toBe(1)
    await expect(bad).rejects.toBeInstanceOf(Boom)
    await expect(cut).rejects.toBeInstanceOf(Interrupted)
  })

  it("settle turns each outcome into a value; Interrupted thrown inside stays interrupted", () => {
    const ex = new ManualExecutor()
    expect(ex.blockOn(settle(ready(1)))).toEqual({ _tag: "Success", value: 1 })
    expect(
      ex.blockOn(
        settle(
          lazy(() => {
            throw new Boom()
          }),
        ),
      ),
    ).toEqual({ _tag: "Failure", error: expect.any(Boom) })
    expect(
      ex.blockOn(
        settle(
          lazy(() => {
            throw new Interrupted("x")
          }),
        ),
      ),
    ).toEqual({ _tag: "Interrupted" })
  })

  it("a joined task's outcome reaches the awaiting future", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const inner = ex.spawn(sleep(10))
    const outer = ex.spawn(settle(inner))
    ex.runUntilStalled()
    inner.cancel()
    ex.runUntilStalled()
    expect(outer.outcome).toEqual({ _tag: "Success", value: { _tag: "Interrupted" } })
  })
})

describe("rule 7: laziness", () => {
  it("creating a future runs nothing", () => {
    let ran = 0
    const count = () => {
      ran++
      return ready(1)
    }
    const fs: Future<unknown, unknown>[] = [
      lazy(() => ran++),
      suspend(count),
      gen(function* () {
        ran++
        return 1
      }),
      fromCallback(() => void ran++),
      map(
        lazy(() => ran++),
        () => ran++,
      ),
      join(lazy(() => ran++)),
      select(lazy(() => ran++)),
      timeout(
        lazy(() => ran++),
        10,
      ),
      shared(lazy(() => ran++)),
    ]
    expect(ran).toBe(0)
    const clock = new VirtualClock()
    for (const f of fs) f.poll(contextOf(undefined, clock))
    expect(ran).toBeGreaterThanOrEqual(fs.length)
  })

  it("sleep's deadline counts from the first poll, not from creation", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const f = sleep(10)
    clock.advance(100)
    const h = ex.spawn(f)
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined()
    clock.advance(10)
    expect(h.outcome?._tag).toBe("Success")
    expect(clock.now()).toBe(110)
  })

  it("spawn does not poll on the caller's stack", () => {
    let polled = false
    const ex = new ManualExecutor()
    ex.spawn(pollFn((_cx: Context) => ((polled = true), 1)))
    expect(polled).toBe(false)
    ex.runUntilStalled()
    expect(polled).toBe(true)
  })
})

describe("rule 8: faults never replace a decided outcome and are never silent", () => {
  it("cancel() never throws to its caller, and the teardown error reaches the executor's reporter", () => {
    const faults: unknown[] = []
    const ex = new ManualExecutor({ onFault: (e) => void faults.push(e) })
    const teardown = new Error("teardown")
    const h = ex.spawn(
      gen(function* () {
        try {
          yield* new Probe()
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw teardown
        }
      }),
    )
    ex.runUntilStalled()
    expect(() => h.cancel()).not.toThrow()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(faults).toEqual([teardown])
  })

  it("the decided outcome stands and every other sibling is still cancelled", () => {
    const faults: unknown[] = []
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock, onFault: (e) => void faults.push(e) })
    const throwing = (): Future<never> => ({
      poll: () => Pending as never,
      cancel: () => {
        throw new Error("teardown")
      },
    })

    // a winner's value: a message taken from a channel is returned, never lost
    const [tx, rx] = mpsc<string>(1)
    tx.trySend("msg")
    const other = new Probe()
    const sel = ex.spawn(select(rx.recv(), throwing(), other))
    // TimeoutError, with the teardown error attached as suppressed
    const to = ex.spawn(timeout(throwing(), 5))
    // the first failure
    const failing = new Probe()
    const sibling = new Probe()
    const tj = ex.spawn(tryJoin(throwing(), failing, sibling))
    // the abort reason
    const ac = new AbortController()
    const ab = ex.spawn(abortable(throwing(), ac.signal))
    ex.runUntilStalled()
    failing.reject(new Boom("first"))
    ac.abort("user left")
    clock.advance(5)

    expect(sel.outcome).toEqual({ _tag: "Success", value: { index: 0, value: "msg" } })
    expect(other.cancels).toBe(1)
    const tErr = (to.outcome as { error: unknown }).error
    expect(tErr).toBeInstanceOf(TimeoutError)
    expect(suppressedOf(tErr)).toHaveLength(1)
    const jErr = (tj.outcome as { error: unknown }).error
    expect((jErr as Boom).message).toBe("first")
    expect(suppressedOf(jErr)).toHaveLength(1)
    expect(sibling.cancels).toBe(1)
    expect(ab.outcome?._tag).toBe("Interrupted")
    expect(() => ab.poll(contextOf())).toThrow(/user left/)
    // only the select's teardown had no error to travel with: it was reported
    expect(faults).toHaveLength(1)
  })

  it("a wake() that throws is reported; every other waiter is woken and the executor keeps working", () => {
    const faults: unknown[] = []
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock, onFault: (e) => void faults.push(e) })
    const n = new Notify()
    const bad = n.notified()
    bad.poll(
      contextOf({
        wake: () => {
          throw new Error("bad waker")
        },
      }),
    )
    const good = ex.spawn(n.notified())
    const later = ex.spawn(sleep(10))
    ex.runUntilStalled()
    ex.spawn(pollFn(() => void n.notifyAll()))
    ex.runUntilStalled()
    clock.advance(10)
    expect(good.outcome?._tag).toBe("Success")
    expect(later.outcome?._tag).toBe("Success")
    expect(faults).toHaveLength(1)
  })
})
