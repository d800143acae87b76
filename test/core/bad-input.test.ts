import { describe, expect, it } from "vitest"
import {
  Interrupted,
  InvalidArgument,
  LocalExecutor,
  MissingCapability,
  Pending,
  PollableError,
  fromCallback,
  gen,
  join,
  lazy,
  map,
  andThen,
  pollFn,
  ready,
  sleep,
  stream,
  suspend,
  timeout,
} from "@pollable/core"
import { ManualExecutor, VirtualClock, contextOf } from "@pollable/core/testing"
import { thrown } from "../support/thrown.js"

describe("durations", () => {
  it("a duration that cannot be turned into text is still refused with InvalidArgument, not a TypeError", () => {
    const hostile = { toString: [] } as unknown as number
    const e = thrown(() => sleep(hostile))
    expect(e).toBeInstanceOf(InvalidArgument)
    expect(e.message).toMatch(/got an object;/)
    const e2 = thrown(() => stream.interval(hostile))
    expect(e2).toBeInstanceOf(InvalidArgument)
  })
  it.each([
    [-1, "-1"],
    [Number.NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    ["5" as unknown as number, 'a string ("5")'],
  ])("sleep(%s) is an InvalidArgument naming the value and the fix", (ms, shown) => {
    const e = thrown(() => sleep(ms))
    expect(e).toBeInstanceOf(InvalidArgument)
    expect(e).toBeInstanceOf(PollableError)
    expect(e.name).toBe("InvalidArgument")
    expect(e.message).toBe(
      `sleep(ms): expected a finite duration >= 0 in milliseconds, ` +
        `got ${shown}; pass 0 to yield once, or a positive number of milliseconds`,
    )
  })
  it("timeout with a negative or NaN limit", () => {
    for (const ms of [-5, Number.NaN]) {
      const e = thrown(() => timeout(ready(1), ms))
      expect(e).toBeInstanceOf(InvalidArgument)
      expect(e.message).toMatch(/^timeout\(future, ms\): expected a finite duration >= 0/)
    }
  })
  it("VirtualClock.advance(-1)", () => {
    expect(thrown(() => new VirtualClock().advance(-1)).message).toMatch(
      /VirtualClock\.advance\(ms\): expected a finite duration/,
    )
  })
})

describe("non-functions", () => {
  it.each([
    ["gen(body)", () => gen(42 as never)],
    ["pollFn(fn)", () => pollFn(null as never)],
    ["lazy(fn)", () => lazy("x" as never)],
    ["suspend(make)", () => suspend({} as never)],
    ["fromCallback(register)", () => fromCallback(undefined as never)],
    ["map(future, fn)", () => map(ready(1), 3 as never)],
    ["andThen(future, fn)", () => andThen(ready(1), undefined as never)],
  ])("%s rejects a non-function at call time", (where, call) => {
    const e = thrown(call)
    expect(e).toBeInstanceOf(InvalidArgument)
    expect(e.message).toMatch(
      new RegExp(`^${where.replace(/[()]/g, "\\$&")}: expected a function, got \\w+; pass a function$`),
    )
  })
})

describe("missing capabilities", () => {
  it("sleep on an executor without a timer fails with MissingCapability naming the fix", () => {
    const ex = new ManualExecutor()
    const e = thrown(() => ex.blockOn(sleep(10)))
    expect(e).toBeInstanceOf(MissingCapability)
    expect((e as MissingCapability).capability).toBe("timer")
    expect(e.message).toBe(
      "sleep(10) needs a timer in its Context, and the executor supplied none; " +
        "run it with an executor that supplies one " +
        "(LocalExecutor with a timer, NativeExecutor, RxjsExecutor, " +
        "EffectExecutor) or give your ManualExecutor a VirtualClock",
    )
  })
  it("deep inside combinators too, and the failure is the task's outcome", async () => {
    const ex = new LocalExecutor()
    const h = ex.spawn(
      gen(function* () {
        yield* join(ready(1), timeout(ready(2), 5), sleep(1))
      }),
    )
    await expect(h).rejects.toBeInstanceOf(MissingCapability)
    await expect(ex.spawn(sleep(1))).rejects.toThrow(/sleep\(1\) needs a timer/)
  })
  it("polling by hand with a bare context", () => {
    expect(() => sleep(1).poll(contextOf())).toThrow(MissingCapability)
  })
})

describe("misuse of completed and cancelled futures", () => {
  it("poll after completion is PollAfterReady naming the future and the fix", () => {
    const f = sleep(0)
    f.poll(contextOf(undefined, new VirtualClock()))
    expect(thrown(() => f.poll(contextOf())).message).toBe(
      "sleep(0) was polled after it completed; a future is polled to completion once — " +
        "wrap it in fuse() to poll it safely again, or shared() to await it from several places",
    )
  })
  it("a JoinHandle awaited after cancel rejects with Interrupted", async () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const h = ex.spawn(sleep(10))
    ex.runUntilStalled()
    h.cancel()
    const e = await h.then(
      () => new Error("resolved"),
      (err: Error) => err,
    )
    expect(e).toBeInstanceOf(Interrupted)
    expect(e.message).toMatch(
      /^task#\d+ was cancelled before it completed; handle cancellation where you await it, or check handle.outcome$/,
    )
  })
  it("blockOn of a task cancelled meanwhile throws Interrupted", () => {
    const ex = new ManualExecutor()
    // the reference executor's Context is the task itself (see executor/task.test.ts), so this cancels its own task
    const selfCancel = pollFn((cx) => {
      ;(cx as unknown as { cancel(): void }).cancel()
      return Pending
    })
    const e = thrown(() => ex.blockOn(selfCancel))
    expect(e).toBeInstanceOf(Interrupted)
    expect(e.message).toMatch(/^blockOn\(pollFn\(anonymous\)\) was cancelled/)
  })
})
