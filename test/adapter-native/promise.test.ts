import { afterEach, describe, expect, it, vi } from "vitest"
import {
  Interrupted,
  Pending,
  type TimerQueue,
  bind,
  map,
  pollFn,
  ready,
  settle,
  sleep,
  timeout,
  TimeoutError,
  type Future,
} from "@pollable/core"
import { VirtualClock } from "@pollable/core/testing"
import { NativeExecutor, fromPromise, native, toPromise } from "@pollable/adapter-native"

const reasonOf = <T>(p: PromiseLike<T>): Promise<unknown> =>
  Promise.resolve(p).then(
    () => "fulfilled",
    (e: unknown) => e,
  )

/** A pending future that counts polls and cancels. */
const probe = () => {
  const s = { polls: 0, cancels: 0 }
  const f = pollFn<never>(
    () => {
      s.polls++
      return Pending
    },
    () => void s.cancels++,
  )
  return { s, f }
}

function watchUnhandled() {
  const seen: unknown[] = []
  const l = (r: unknown) => void seen.push(r)
  process.on("unhandledRejection", l)
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 5))
      process.off("unhandledRejection", l)
      return seen
    },
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe("toPromise", () => {
  const ex = new NativeExecutor({ unref: true })

  it("fulfils with the value, rejects with the thrown error, rejects with Interrupted", async () => {
    expect(
      await toPromise(
        map(sleep(1), () => 5),
        { executor: ex },
      ),
    ).toBe(5)
    const err = new Error("x")
    expect(
      await reasonOf(
        toPromise(
          pollFn(() => {
            throw err
          }),
          { executor: ex },
        ),
      ),
    ).toBe(err)
    const h = ex.spawn(probe().f)
    const p = toPromise(h, { executor: ex })
    h.cancel()
    expect(await reasonOf(p)).toBeInstanceOf(Interrupted)
  })

  it("aborting the signal cancels the future, removes its timer and rejects with the reason", async () => {
    const { s, f } = probe()
    const ac = new AbortController()
    const p = toPromise(timeout(f, 60_000), { executor: ex, signal: ac.signal })
    await new Promise((r) => setTimeout(r, 1))
    expect(s.polls).toBe(1)
    expect((ex.timer as TimerQueue).size).toBe(1)
    const reason = new Error("user left")
    ac.abort(reason)
    expect(await reasonOf(p)).toBe(reason)
    expect(s.cancels).toBe(1)
    expect((ex.timer as TimerQueue).size).toBe(0)
  })

  it("an already aborted signal rejects at once and never polls the future", async () => {
    const { s, f } = probe()
    const p = toPromise(f, { executor: ex, signal: AbortSignal.abort("gone") })
    expect(await reasonOf(p)).toBe("gone")
    expect(s).toEqual({ polls: 0, cancels: 1 })
  })

  it("without an executor runs on the default (native) executor", async () => {
    expect(await toPromise(map(ready(1), (v) => v + 1))).toBe(2)
  })
})

describe("fromPromise", () => {
  const ex = new NativeExecutor({ unref: true })

  it("is lazy: the thunk runs at the first poll", async () => {
    let calls = 0
    const f = fromPromise(async () => ++calls)
    await Promise.resolve()
    expect(calls).toBe(0)
    expect(await ex.spawn(f)).toBe(1)
    expect(calls).toBe(1)
  })

  it("cancel aborts the signal passed to the thunk; a later rejection is swallowed", async () => {
    const w = watchUnhandled()
    let signal: AbortSignal | undefined
    let rejectLater: ((e: unknown) => void) | undefined
    const h = ex.spawn(
      fromPromise((s) => {
        signal = s
        return new Promise<number>((_res, rej) => (rejectLater = rej))
      }),
    )
    await new Promise((r) => setTimeout(r, 1))
    expect(signal?.aborted).toBe(false)
    h.cancel()
    expect(signal?.aborted).toBe(true)
    expect(signal?.reason).toBeInstanceOf(Interrupted)
    rejectLater!(new Error("late"))
    expect(await w.stop()).toEqual([])
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
  })

  it("an outside signal interrupts it and aborts the work", async () => {
    const ac = new AbortController()
    let inner: AbortSignal | undefined
    const h = ex.spawn(settle(fromPromise((s) => ((inner = s), new Promise(() => {})), { signal: ac.signal })))
    await new Promise((r) => setTimeout(r, 1))
    ac.abort("stop")
    expect(await h).toEqual({ _tag: "Interrupted" })
    expect(inner?.aborted).toBe(true)
    expect(inner?.reason).toBe("stop")
  })

  it("a synchronous throw or a rejection is the future's failure", async () => {
    const e1 = new Error("sync")
    const e2 = new Error("async")
    expect(
      await ex.spawn(
        settle(
          fromPromise(() => {
            throw e1
          }),
        ),
      ),
    ).toEqual({ _tag: "Failure", error: e1 })
    expect(await ex.spawn(settle(fromPromise(() => Promise.reject(e2))))).toEqual({ _tag: "Failure", error: e2 })
  })

  it("works with timeout: the fetch-like work is aborted when the deadline passes", async () => {
    const clock = new VirtualClock()
    const vex = new NativeExecutor({ timer: clock })
    let inner: AbortSignal | undefined
    const h = vex.spawn(
      settle(
        timeout(
          fromPromise((s) => ((inner = s), new Promise(() => {}))),
          100,
        ),
      ),
    )
    await clock.advanceAsync(100)
    const o = await h
    expect(o._tag === "Failure" && o.error).toBeInstanceOf(TimeoutError)
    expect(inner?.aborted).toBe(true)
    expect(clock.pendingTimers).toBe(0)
  })

  it("throws InvalidArgument when given a promise instead of a function", () => {
    expect(() => fromPromise(Promise.resolve(1) as never)).toThrow(/fromPromise\(start\)/)
  })
})

describe("outcome round trip: Future → Promise → Future", () => {
  const ex = new NativeExecutor({ unref: true })
  const roundTrip = <T>(f: Future<T>) => ex.spawn(settle(fromPromise(() => toPromise(f, { executor: ex }))))

  it("success stays success", async () => {
    expect(await roundTrip(ready("v"))).toEqual({ _tag: "Success", value: "v" })
  })
  it("failure stays failure with the same error", async () => {
    const e = new RangeError("r")
    expect(
      await roundTrip(
        pollFn(() => {
          throw e
        }),
      ),
    ).toEqual({ _tag: "Failure", error: e })
  })
  it("interrupted stays interrupted (not a failure)", async () => {
    const inner = ex.spawn(probe().f)
    inner.cancel()
    expect(await roundTrip(inner)).toEqual({ _tag: "Interrupted" })
    expect(await ex.spawn(settle(fromPromise(() => Promise.reject(new Interrupted("x")))))).toEqual({
      _tag: "Interrupted",
    })
  })
  it("Promise → Future → Promise keeps fulfil / reject / reject(Interrupted)", async () => {
    const e = new Error("e")
    expect(
      await toPromise(
        fromPromise(() => Promise.resolve(1)),
        { executor: ex },
      ),
    ).toBe(1)
    expect(
      await reasonOf(
        toPromise(
          fromPromise(() => Promise.reject(e)),
          { executor: ex },
        ),
      ),
    ).toBe(e)
    const i = new Interrupted("y")
    expect(
      await reasonOf(
        toPromise(
          fromPromise(() => Promise.reject(i)),
          { executor: ex },
        ),
      ),
    ).toBe(i)
  })
})

describe("native adapter", () => {
  it(
    "run(make) returns a Promise; make runs at the future's first poll, " +
      "which starts at once like an async function",
    async () => {
      const ex = new NativeExecutor({ unref: true })
      let made = 0
      const p = native.run(() => (made++, ready(3)), { executor: ex })
      expect(made).toBe(1)
      expect(await p).toBe(3)
      expect(
        await reasonOf(
          native.run(
            () => {
              throw new Error("make failed")
            },
            { executor: ex },
          ),
        ),
      ).toBeInstanceOf(Error)
    },
  )
  it("createExecutor() returns a fresh NativeExecutor", () => {
    const a = native.createExecutor()
    expect(a).toBeInstanceOf(NativeExecutor)
    expect(native.createExecutor()).not.toBe(a)
    expect(a.describe?.()).toBe("native")
  })
  it("bind(api, native) gives Promise-returning functions", async () => {
    const api = { double: (n: number) => map(sleep(1), () => n * 2) }
    const bound = bind(api, native)
    expect(await bound.double(21)).toBe(42)
  })
})

describe("NativeExecutor timers", () => {
  it("10,000 sleeps arm one host timer; cancelling them all clears it", async () => {
    const set = vi.spyOn(globalThis, "setTimeout")
    const clear = vi.spyOn(globalThis, "clearTimeout")
    const ex = new NativeExecutor({ unref: true })
    const hs = Array.from({ length: 10_000 }, (_, i) => ex.spawn(sleep(60_000 + i)))
    // 1024 polls per drain, then a setImmediate: ten turns poll them all
    for (let i = 0; i < 50 && (ex.timer as TimerQueue).size < 10_000; i++)
      await new Promise<void>((r) => setImmediate(r))
    expect((ex.timer as TimerQueue).size).toBe(10_000)
    const armedBySleeps = set.mock.calls.filter(([, ms]) => typeof ms === "number" && ms >= 59_000).length
    expect(armedBySleeps).toBe(1)
    for (const h of hs) h.cancel()
    expect((ex.timer as TimerQueue).size).toBe(0)
    expect(clear).toHaveBeenCalled()
  })

  it("unref: true leaves the host timer unref'd; the default keeps it referenced", async () => {
    const set = vi.spyOn(globalThis, "setTimeout")
    for (const unref of [true, false]) {
      set.mockClear()
      const ex = new NativeExecutor({ unref })
      const h = ex.spawn(sleep(60_000))
      await new Promise<void>((r) => setImmediate(r))
      const timer = set.mock.results.find((_r, i) => set.mock.calls[i]![1] === 60_000)?.value as NodeJS.Timeout
      expect(timer.hasRef()).toBe(!unref)
      h.cancel() // clears it: a cancelled task never keeps the process alive
    }
  })

  it("runs on a VirtualClock when given one", async () => {
    const clock = new VirtualClock()
    const ex = new NativeExecutor({ timer: clock })
    const h = ex.spawn(map(sleep(1_000), () => clock.now()))
    await clock.advanceAsync(1_000)
    expect(await h).toBe(1_000)
  })
})
