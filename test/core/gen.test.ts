import { describe, expect, it } from "vitest"
import {
  Interrupted,
  InvalidArgument,
  Pending,
  gen,
  join,
  joinAll,
  map,
  ready,
  sleep,
  suspend,
  wrap,
  yieldNow,
  type Future,
} from "@pollable/core"
import { ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Bang, Boom, Probe } from "../support/probe.js"

const fail = <E>(e: E): Future<never, E> & Iterable<Future<never, E>> =>
  suspend<never, E>(() => {
    throw e
  }) as never

describe("gen", () => {
  it("gen(body, ...args) calls the generator function with the arguments at the first poll", () => {
    const calls: unknown[][] = []
    function* add(a: number, b: number) {
      calls.push([a, b])
      const x = yield* ready(a)
      return x + b
    }
    const f = gen(add, 2, 40)
    expect(calls).toEqual([]) // lazy (rule 7)
    expect(String(f)).toBe("gen(add)")
    expect(new ManualExecutor().blockOn(f)).toBe(42)
    expect(calls).toEqual([[2, 40]])
    // one generator function serves many futures
    expect(new ManualExecutor().blockOn(joinAll([1, 2, 3].map((n) => gen(add, n, n))))).toEqual([2, 4, 6])
  })

  it("returns the generator's value, with values of awaited futures at each yield*", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const v = ex.blockOn(
      gen(function* () {
        const a = yield* ready(1)
        yield* sleep(10)
        const [b, c] = yield* join(
          ready("2"),
          map(sleep(5), () => 3),
        )
        return `${a}${b}${c}`
      }),
    )
    expect(v).toBe("123")
    expect(clock.now()).toBe(15)
  })

  it("a failure is thrown at its yield*, so try/catch works and the generator continues", () => {
    const ex = new ManualExecutor()
    const v = ex.blockOn(
      gen(function* () {
        try {
          yield* fail(new Boom("caught"))
          return "not reached"
        } catch (e) {
          return `recovered from ${(e as Error).message}`
        }
      }),
    )
    expect(v).toBe("recovered from caught")
  })

  it("an uncaught failure is the gen future's failure; a throw in the body too", () => {
    const ex = new ManualExecutor()
    expect(() =>
      ex.blockOn(
        gen(function* () {
          yield* fail(new Bang("up"))
        }),
      ),
    ).toThrow("up")
    expect(() =>
      ex.blockOn(
        gen(function* () {
          yield* ready(1)
          throw new Boom("body")
        }),
      ),
    ).toThrow("body")
  })

  it("cancel cancels the awaited future and runs finally blocks", () => {
    const p = new Probe()
    const log: string[] = []
    const f = gen(function* () {
      try {
        try {
          yield* suspend(() => p)
        } finally {
          log.push("inner finally")
        }
        log.push("not reached")
      } finally {
        log.push("outer finally")
      }
    })
    expect(f.poll(contextOf())).toBe(Pending)
    f.cancel()
    expect(p.cancels).toBe(1)
    expect(log).toEqual(["inner finally", "outer finally"])
  })

  it("a future yielded in a finally block during cancel is cancelled and its yield* throws Interrupted", () => {
    const clock = new VirtualClock()
    const log: string[] = []
    const f = gen(function* () {
      try {
        try {
          yield* sleep(100)
        } finally {
          try {
            yield* sleep(5)
            log.push("not reached")
          } catch (e) {
            log.push(e instanceof Interrupted ? "interrupted" : "other")
          }
        }
      } finally {
        log.push("outer")
      }
    })
    f.poll(contextOf(undefined, clock))
    f.cancel()
    expect(log).toEqual(["interrupted", "outer"])
    expect(clock.pendingTimers).toBe(0)
  })

  it("cancel before the first poll runs no body at all", () => {
    let ran = false
    const f = gen(function* () {
      ran = true
      yield* ready(1)
    })
    f.cancel()
    expect(ran).toBe(false)
  })

  it("a task that cancels itself from inside its body finishes cleanly", () => {
    const ex = new ManualExecutor()
    const log: string[] = []
    let self: { cancel(): void } | undefined
    const h = ex.spawn(
      gen(function* () {
        try {
          yield* yieldNow()
          self!.cancel()
          log.push("after cancel")
          yield* yieldNow()
          log.push("not reached")
        } finally {
          log.push("finally")
        }
      }),
    )
    self = h
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(log).toEqual(["after cancel", "finally"])
  })

  it("leaves no timers when cancelled mid-way", () => {
    checkNoLeaks(
      () =>
        gen(function* () {
          yield* sleep(10)
          yield* join(sleep(10), sleep(20))
        }),
      15,
    )
  })

  it("yielding a non-future fails with InvalidArgument naming the fix", () => {
    const f = gen(function* named() {
      yield 5 as never
    })
    let err: unknown
    try {
      f.poll(contextOf())
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InvalidArgument)
    expect((err as Error).message).toBe(
      "gen(named): the generator yielded number 5, not a future; " +
        "use `yield* future` (with the star) and yield only futures",
    )
  })

  it("1e5 iterations of yield* ready() run without stack growth", () => {
    const ex = new ManualExecutor()
    const v = ex.blockOn(
      gen(function* () {
        let sum = 0
        for (let i = 0; i < 100_000; i++) sum += yield* ready(1)
        return sum
      }),
    )
    expect(v).toBe(100_000)
  })

  it("a JoinHandle is awaitable with yield* through wrap()", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const child = ex.spawn(map(sleep(5), () => "child"))
    expect(
      ex.blockOn(
        gen(function* () {
          return `${yield* wrap(child)}!`
        }),
      ),
    ).toBe("child!")
  })
})
