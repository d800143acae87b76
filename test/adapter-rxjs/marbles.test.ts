import { describe, expect, it } from "vitest"
import { catchError, mergeMap, of } from "rxjs"
import { TestScheduler } from "rxjs/testing"
import {
  gen,
  Interrupted,
  map,
  wrap,
  stream,
  select,
  sleep,
  timeout,
  TimeoutError,
  pollFn,
  Pending,
  type TimerQueue,
} from "@pollable/core"
import { RxjsExecutor, streamToObservable, toObservable } from "@pollable/adapter-rxjs"

// A fresh TestScheduler per test: frames persist across run() calls on one instance.
const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

describe("toObservable under TestScheduler.run (marbles)", () => {
  it("sleep then value: 5ms (a|)", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      expectObservable(toObservable(() => map(sleep(5), () => "a"), { scheduler: ts })).toBe("5ms (a|)")
    })
  })

  it("the default asapScheduler is virtual inside run()", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      expectObservable(toObservable(() => map(sleep(7), () => "a"))).toBe("7ms (a|)")
    })
  })

  it("a ready future is (a|) in the subscription frame", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      expectObservable(toObservable(() => map(sleep(0), () => "a"), { scheduler: ts })).toBe("(a|)")
    })
  })

  it("gen pipeline of sleeps adds up in virtual time", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      const f = () =>
        gen(function* () {
          yield* sleep(3)
          yield* sleep(4)
          return "b"
        })
      expectObservable(toObservable(f, { scheduler: ts })).toBe("7ms (b|)")
    })
  })

  it("timeout errors with TimeoutError at its virtual deadline", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      const o = toObservable(() => timeout(sleep(100), 10), { scheduler: ts })
      expectObservable(o).toBe("10ms #", undefined, new TimeoutError(10, "sleep(100)"))
    })
  })

  it("select takes the earlier sleep", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      const o = toObservable(
        () =>
          map(
            select(
              map(sleep(20), () => "slow"),
              map(sleep(4), () => "fast"),
            ),
            (s) => s.value,
          ),
        {
          scheduler: ts,
        },
      )
      expectObservable(o).toBe("4ms (f|)", { f: "fast" })
    })
  })

  it("failure is an error at the failing frame", () => {
    const ts = newScheduler()
    const boom = new Error("boom")
    ts.run(({ expectObservable }) => {
      const o = toObservable(
        () =>
          gen(function* () {
            yield* sleep(3)
            throw boom
          }),
        { scheduler: ts },
      )
      expectObservable(o).toBe("3ms #", undefined, boom)
    })
  })

  it("each subscription spawns its own future (cold)", () => {
    const ts = newScheduler()
    let made = 0
    ts.run(({ expectObservable, cold }) => {
      const o = toObservable(
        () => {
          made++
          return map(sleep(2), () => made)
        },
        { scheduler: ts },
      )
      expectObservable(cold("a--b|").pipe(mergeMap(() => o))).toBe("--x--(y|)", { x: 1, y: 2 })
    })
    expect(made).toBe(2)
  })

  it("unsubscribe cancels the inner future and leaves no timer", () => {
    const ts = newScheduler()
    let cancelled = 0
    ts.run(({ expectObservable, flush }) => {
      const ex = new RxjsExecutor(ts)
      const never = () =>
        pollFn<string>(
          () => Pending,
          () => cancelled++,
        )
      const o = toObservable(() => select(never(), sleep(50)), { executor: ex })
      expectObservable(o, "^--!").toBe("---")
      flush()
      expect(cancelled).toBe(1)
      expect((ex.timer as TimerQueue).size).toBe(0)
    })
    // the alarm armed for frame 50 was unsubscribed too: run() ended without reaching it
    expect(ts.frame).toBeLessThan(50)
  })

  it("interrupted: completes without a value by default, errors with Interrupted on request", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      const ex = new RxjsExecutor(ts)
      const interruptedAt3 = () =>
        gen(function* () {
          const child = ex.spawn(sleep(100))
          yield* sleep(3)
          child.cancel()
          return yield* wrap(child)
        })
      expectObservable(toObservable(interruptedAt3, { executor: ex })).toBe("3ms |")
      const asError = toObservable(interruptedAt3, { executor: ex, interrupted: "error" })
      expectObservable(asError.pipe(catchError((e) => of(e instanceof Interrupted ? "I" : "other")))).toBe("3ms (I|)")
    })
  })

  it("the README's marble example, as written", () => {
    const ts = new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
    ts.run(({ expectObservable }) => {
      expectObservable(toObservable(() => map(sleep(5), () => "a"), { scheduler: ts })).toBe("5ms (a|)")

      const twoSleeps = () =>
        gen(function* () {
          yield* sleep(3)
          yield* sleep(4)
          return "b"
        })
      expectObservable(toObservable(twoSleeps, { scheduler: ts })).toBe("7ms (b|)")

      expectObservable(toObservable(() => timeout(sleep(100), 10), { scheduler: ts })).toBe(
        "10ms #",
        undefined,
        new TimeoutError(10, "sleep(100)"),
      )

      const ticks = () => stream.take(stream.interval(10), 3)
      expectObservable(streamToObservable(ticks, { scheduler: ts })).toBe("10ms a 9ms b 9ms (c|)", { a: 0, b: 1, c: 2 })

      expectObservable(
        toObservable(() => select(sleep(50), sleep(60)), { scheduler: ts }),
        "^--!",
      ).toBe("---")
    })
    expect(ts.frame).toBeLessThan(50)
  })
})
