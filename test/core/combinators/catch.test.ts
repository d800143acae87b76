/**
 * fail, catchError, catchTag, mapError, result: what each does with a value, a failure,
 * an interruption and a misuse error; cancel safety (the running future is cancelled, no
 * timer stays); bad input; and schedule exploration over wake/poll orders and cancels.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  Interrupted,
  InvalidArgument,
  Pending,
  TimeoutError,
  catchError,
  catchTag,
  fail,
  gen,
  map,
  mapError,
  ready,
  result,
  settle,
  sleep,
  timeout,
  type Future,
  type JoinHandle,
} from "@pollable/core"
import {
  ExploringExecutor,
  ManualExecutor,
  VirtualClock,
  checkNoLeaks,
  contextOf,
  type Choose,
} from "@pollable/core/testing"
import { Bang, Boom, Probe, runToEnd as run } from "../../support/probe.js"
import { ThrowingTeardown, faultsPerTest } from "../../support/faults.js"

describe("catchError", () => {
  it("replaces a failure with the handler's future and passes values through", () => {
    const e = new Boom()
    expect(run(catchError(fail(e), (x) => ready(x === e ? "handled" : "wrong")))).toEqual({
      _tag: "Success",
      value: "handled",
    })
    expect(run(catchError(ready(1), () => ready(2)))).toEqual({ _tag: "Success", value: 1 })
    const later = gen(function* () {
      yield* sleep(5)
      return yield* fail(e)
    })
    expect(run(catchError(later, () => map(sleep(1), () => "late")))).toEqual({ _tag: "Success", value: "late" })
  })
  it("the handler's failure is the result's failure; the handler runs once", () => {
    const b = new Bang()
    let calls = 0
    const f = catchError(fail(new Boom()), () => {
      calls++
      return fail(b)
    })
    expect(run(f)).toEqual({ _tag: "Failure", error: b })
    expect(calls).toBe(1)
  })
  it("a throw from the handler is the failure", () => {
    const b = new Bang()
    expect(
      run(
        catchError(fail(new Boom()), () => {
          throw b
        }),
      ),
    ).toEqual({ _tag: "Failure", error: b })
  })
  it("Interrupted and misuse errors pass through without calling the handler", () => {
    let calls = 0
    const handler = () => (calls++, ready("no"))
    const i = new Interrupted("x")
    expect(run(settle(catchError(fail(i), handler)))).toEqual({ _tag: "Success", value: { _tag: "Interrupted" } })
    const m = new InvalidArgument("here", "bad", "fix")
    expect(run(catchError(fail(m), handler))).toEqual({ _tag: "Failure", error: m })
    expect(calls).toBe(0)
  })
  it("cancel while the source runs cancels the source; while the handler's future runs, cancels that", () => {
    const src = new Probe<number, Boom>("src")
    const ex = new ManualExecutor()
    const h1 = ex.spawn(catchError(src, () => ready(0)))
    ex.runUntilStalled()
    expect(src.registered).toBe(true)
    h1.cancel()
    expect(src.cancelled).toBe(true)
    expect(src.registered).toBe(false)

    const src2 = new Probe<number, Boom>("src2")
    const repl = new Probe<number, never>("replacement")
    const h2 = ex.spawn(catchError(src2, () => repl))
    ex.runUntilStalled()
    src2.reject(new Boom())
    ex.runUntilStalled()
    expect(repl.registered).toBe(true)
    h2.cancel()
    expect(repl.cancelled).toBe(true)
    expect(repl.registered).toBe(false)
  })
  it("a handler that cancels the future it runs in: its future is cancelled, not started", () => {
    const repl = new Probe<number, never>("replacement")
    let self: Future<number, never> | undefined
    const f = catchError(fail(new Boom()), () => {
      self!.cancel()
      return repl
    })
    self = f
    expect(f.poll(contextOf())).toBe(Pending)
    expect(repl.polls).toBe(0)
    expect(repl.cancelled).toBe(true)
  })
  it("leaves no timer after cancel (leak check)", () => {
    checkNoLeaks(() => catchError(timeout(sleep(100), 10), () => sleep(50)), 20)
    checkNoLeaks(
      () =>
        catchError(
          map(sleep(30), () => 1),
          () => ready(2),
        ),
      5,
    )
    checkNoLeaks(() => catchError(timeout(sleep(100), 10), () => sleep(50)))
  })
  it("bad input: a non-function handler at call time, a non-future from the handler at poll", () => {
    expect(() => catchError(ready(1), 3 as never)).toThrow(InvalidArgument)
    const f = catchError(fail(new Boom()), () => 42 as never)
    expect(() => f.poll(contextOf())).toThrow(/handler returned number, not a future; return a future from the handler/)
  })
})

describe("rule 8: a throwing teardown of the running future", () => {
  const seen = faultsPerTest()
  it("is reported, never thrown at whoever cancels catchError, catchTag, mapError or result", () => {
    const makers = [
      (f: Future<never, Boom>) => catchError(f, () => ready(0)),
      (f: Future<never, Boom>) => catchTag(f, "Boom", () => ready(0)),
      (f: Future<never, Boom>) => mapError(f, () => new Bang()),
      (f: Future<never, Boom>) => result(f),
    ]
    for (const make of makers) {
      const inner = new ThrowingTeardown()
      const outer = make(inner)
      expect(outer.poll(contextOf())).toBe(Pending)
      expect(() => outer.cancel()).not.toThrow()
      expect(inner.cancels).toBe(1)
    }
    expect(seen.faults.map((f) => (f.error as Error).message)).toEqual(Array(4).fill("teardown failed"))
  })
})

describe("catchTag", () => {
  it("handles exactly the failures with that _tag; others pass through", () => {
    const boom = new Boom()
    const bang = new Bang()
    let seen: unknown
    const handler = (e: Boom) => ((seen = e), ready("caught"))
    expect(run(catchTag(fail(boom) as Future<string, Boom | Bang>, "Boom", handler))).toEqual({
      _tag: "Success",
      value: "caught",
    })
    expect(seen).toBe(boom)
    expect(run(catchTag(fail(bang) as Future<string, Boom | Bang>, "Boom", handler))).toEqual({
      _tag: "Failure",
      error: bang,
    })
    expect(
      run(catchTag(fail(3) as Future<string, { readonly _tag: "Boom" } | number>, "Boom", () => ready("no"))),
    ).toEqual({
      _tag: "Failure",
      error: 3,
    })
  })
  it("catches pollable's TimeoutError by its tag", () => {
    const f = catchTag(timeout(sleep(100), 10), "TimeoutError", (e) => ready(e.ms))
    expect(run(f)).toEqual({ _tag: "Success", value: 10 })
  })
  it("cancel safety and leaks as catchError", () => {
    checkNoLeaks(() => catchTag(timeout(sleep(100), 10), "TimeoutError", () => sleep(50)), 20)
    checkNoLeaks(() => catchTag(timeout(sleep(100), 10), "TimeoutError", () => sleep(50)), 5)
  })
  it("bad input: a non-string tag, a non-function handler", () => {
    expect(() => catchTag(fail(new Boom()), 1 as never, () => ready(1))).toThrow(/tag must be a non-empty string, got/)
    expect(() => catchTag(fail(new Boom()), "" as never, () => ready(1))).toThrow(
      /tag must be a non-empty string, got an empty string/,
    )
    expect(() => catchTag(42 as never, "Boom" as never, () => ready(1))).toThrow(InvalidArgument)
    expect(() => catchError(null as never, () => ready(1))).toThrow(/catchError\(future, handler\): expected a Future/)
    expect(() => mapError({} as never, (e) => e)).toThrow(InvalidArgument)
    expect(() => result("x" as never)).toThrow(InvalidArgument)
    expect(() => catchTag(fail(new Boom()), "Boom", null as never)).toThrow(InvalidArgument)
  })
})

describe("mapError", () => {
  it("maps the failure; values and interruptions pass through", () => {
    const boom = new Boom("inner")
    expect(run(mapError(fail(boom), (e) => new Bang(`outer: ${e.message}`)))).toMatchObject({
      _tag: "Failure",
      error: { _tag: "Bang", message: "outer: inner" },
    })
    expect(run(mapError(ready(1), () => new Bang()))).toEqual({ _tag: "Success", value: 1 })
    expect(run(settle(mapError(fail(new Interrupted("x")), () => new Bang())))).toEqual({
      _tag: "Success",
      value: { _tag: "Interrupted" },
    })
  })
  it("cancels its source; no leak", () => {
    checkNoLeaks(() => mapError(timeout(sleep(100), 10), () => new Bang()), 5)
  })
  it("bad input", () => {
    expect(() => mapError(ready(1), "x" as never)).toThrow(InvalidArgument)
  })
})

describe("result", () => {
  it("holds the value or the failure; never fails", () => {
    const boom = new Boom()
    expect(run(result(ready(1)))).toEqual({ _tag: "Success", value: { _tag: "Success", value: 1 } })
    expect(run(result(fail(boom)))).toEqual({ _tag: "Success", value: { _tag: "Failure", error: boom } })
    expect(run(result(timeout(sleep(100), 10)))).toMatchObject({
      _tag: "Success",
      value: { _tag: "Failure", error: { _tag: "TimeoutError" } },
    })
  })
  it("an interruption stays an interruption (rule 6); settle shows it as a value", () => {
    expect(run(settle(result(fail(new Interrupted("x")))))).toEqual({ _tag: "Success", value: { _tag: "Interrupted" } })
  })
  it("cancels its source; no leak", () => {
    checkNoLeaks(() => result(timeout(sleep(100), 10)), 5)
  })
})

const chooser = fc.infiniteStream(fc.nat()).map((s): Choose => {
  const it = s[Symbol.iterator]()
  return (n) => (it.next().value as number) % n
})

describe("schedule exploration", () => {
  it(
    "catchError, catchTag, mapError, result: " +
      "the same result under every schedule and cancel, no stray wake, no timer left",
    () => {
      fc.assert(
        fc.property(
          chooser,
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 0, max: 12 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 40 }),
          fc.nat({ max: 3 }),
          (choose, a, b, limit, spurious, cancelAt, victimIx) => {
            const clock = new VirtualClock()
            const ex = new ExploringExecutor({ choose, clock, spuriousEvery: spurious ? 3 : 0 })
            // a source that fails with TimeoutError when a > limit, else succeeds with a
            const source = () =>
              timeout(
                map(sleep(a), () => a),
                limit,
              )
            const tasks: [string, JoinHandle<unknown, unknown>][] = [
              ["catchError", ex.spawn(catchError(source(), () => map(sleep(b), () => -b)))],
              ["catchTag", ex.spawn(catchTag(source(), "TimeoutError", (e) => map(sleep(b), () => -e.ms)))],
              ["mapError", ex.spawn(settle(mapError(source(), (e) => new Boom(`after ${e.ms}`))))],
              ["result", ex.spawn(result(source()))],
            ]
            const victim = tasks[victimIx]![1]
            for (let n = 0; n < 100_000; n++) {
              if (n === cancelAt) victim.cancel()
              if (ex.step()) continue
              if (clock.pendingTimers === 0) break
              clock.advanceTo(clock.nextDeadline)
            }
            const timedOut = a > limit
            const expected: Record<string, unknown> = {
              catchError: timedOut ? -b : a,
              catchTag: timedOut ? -limit : a,
              mapError: timedOut
                ? { _tag: "Failure", error: new Boom(`after ${limit}`) }
                : { _tag: "Success", value: a },
              result: timedOut
                ? { _tag: "Failure", error: new TimeoutError(limit, "map()") }
                : { _tag: "Success", value: a },
            }
            for (const [name, h] of tasks) {
              const o = h.outcome
              expect(o, `${name} settled (no lost wake)`).toBeDefined()
              if (h === victim && o!._tag === "Interrupted") continue
              expect(o).toEqual({ _tag: "Success", value: expected[name] })
            }
            expect(ex.liveTasks).toBe(0)
            expect(ex.strayWakes).toBe(0)
            expect(clock.pendingTimers).toBe(0)
          },
        ),
        { numRuns: 500 },
      )
    },
  )
})
