import { describe, expect, it } from "vitest"
import { Cause, Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import {
  Interrupted,
  LocalExecutor,
  MissingCapability,
  PollAfterReady,
  TimeoutError,
  pending,
  pollFn,
  ready,
  sleep,
  timeout,
  yieldNow,
  Pending,
  type Future,
} from "@pollable/core"
import { VirtualClock } from "@pollable/core/testing"
import { EffectExecutor, toEffect } from "@pollable/adapter-effect"
import { keepAliveHolders } from "../../packages/adapter-effect/src/keep-alive.js"
import { Manual, MyError, Tracked, runTest } from "./helpers.js"

const failing = <E>(e: E): Future<never, E> =>
  pollFn<never, E>(() => {
    throw e
  })

describe("toEffect: outcomes (rule 6)", () => {
  it("a value is a success", async () => {
    expect(await Effect.runPromise(toEffect(() => ready(42)))).toBe(42)
  })

  it("a thrown E lands in the typed error channel", async () => {
    const e = new MyError("boom")
    const exit = await Effect.runPromiseExit(toEffect(() => failing(e)))
    expect(exit).toEqual(Exit.fail(e))
  })

  it("a thrown Interrupted is fiber interruption", async () => {
    const exit = await Effect.runPromiseExit(toEffect(() => failing(new Interrupted("upstream"))))
    expect(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)).toBe(true)
  })

  it("pollable misuse errors are defects", async () => {
    const f = ready(1)
    const exit = await Effect.runPromiseExit(
      Effect.andThen(
        toEffect(() => f),
        toEffect(() => f), // polled again after ready: PollAfterReady
      ),
    )
    expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause) && !Cause.hasFails(exit.cause)).toBe(true)
    expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBeInstanceOf(PollAfterReady)
  })

  it("a missing timer is a defect naming the capability", async () => {
    const bare = new LocalExecutor()
    const exit = await Effect.runPromiseExit(toEffect(() => sleep(1), { executor: bare }))
    expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBeInstanceOf(MissingCapability)
  })

  it("isFailure draws the line between failures and defects", async () => {
    const isMyError = (u: unknown) => u instanceof MyError
    const typed = await Effect.runPromiseExit(toEffect(() => failing(new MyError("x")), { isFailure: isMyError }))
    expect(Exit.isFailure(typed) && Cause.hasFails(typed.cause)).toBe(true)
    const bug = new TypeError("not an E")
    const defect = await Effect.runPromiseExit(toEffect(() => failing(bug), { isFailure: isMyError }))
    expect(Exit.isFailure(defect) && Cause.hasDies(defect.cause) && Cause.squash(defect.cause)).toBe(bug)
  })

  it("a throw from make() is a defect", async () => {
    const bug = new Error("make failed")
    const exit = await Effect.runPromiseExit(
      toEffect((): Future<number, MyError> => {
        throw bug
      }),
    )
    expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause) && Cause.squash(exit.cause)).toBe(bug)
  })

  it("each run of the Effect makes a fresh future", async () => {
    let made = 0
    const eff = toEffect(() => {
      made++
      return ready(made)
    })
    expect(made).toBe(0) // lazy
    expect(await Effect.runPromise(Effect.all([eff, eff, eff]))).toEqual([1, 2, 3])
  })

  it("composes with Effect.all (concurrent)", async () => {
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.all([toEffect(() => sleep(30)), toEffect(() => sleep(10)), Effect.sleep(20)], {
            concurrency: "unbounded",
          }),
        )
        yield* TestClock.adjust(29)
        const early = fiber.pollUnsafe()
        yield* TestClock.adjust(1)
        return [early, fiber.pollUnsafe()?._tag]
      }),
    )
    expect(r).toEqual([undefined, "Success"])
  })
})

describe("toEffect: interruption cancels the future (rule 4)", () => {
  it("Fiber.interrupt cancels the pending future and leaves no timer", async () => {
    const t = new Tracked(sleep(1000))
    const r = await runTest(
      Effect.gen(function* () {
        const ex = yield* EffectExecutor.current
        const fiber = yield* Effect.forkChild(toEffect(() => t))
        yield* TestClock.adjust(10)
        const timersBefore = (ex.timer as unknown as { size: number }).size
        const exit = yield* Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber)))
        return { timersBefore, timersAfter: (ex.timer as unknown as { size: number }).size, exit }
      }),
    )
    expect(t.polls).toBe(1)
    expect(t.cancels).toBe(1)
    expect(r.timersBefore).toBe(1)
    expect(r.timersAfter).toBe(0)
    expect(Exit.isFailure(r.exit) && Cause.hasInterruptsOnly(r.exit.cause)).toBe(true)
  })

  it("the future is first polled when the Effect starts (like Effect.sync); interrupting then cancels it", async () => {
    const m = new Manual<number>()
    const effect = toEffect(() => m)
    expect(m.polls).toBe(0) // building the Effect does nothing (rule 7)
    const fiber = Effect.runFork(effect)
    expect(m.polls).toBe(1)
    fiber.interruptUnsafe()
    const exit = await Effect.runPromise(Fiber.await(fiber))
    expect(Exit.hasInterrupts(exit)).toBe(true)
    expect(m.cancels).toBe(1)
  })

  it(
    "a future that finishes at its first poll completes the Effect " + "without a keep-alive or a second poll",
    async () => {
      const t = new Tracked(ready(5))
      const fiber = Effect.runFork(toEffect(() => t))
      // settled inside runFork: nothing holds the process open for it
      expect(keepAliveHolders()).toBe(0)
      expect(await Effect.runPromise(Fiber.join(fiber))).toBe(5)
      expect(t.polls).toBe(1)
      expect(t.cancels).toBe(0)
    },
  )

  it("a completed future is not cancelled", async () => {
    const t = new Tracked(ready(1))
    await Effect.runPromise(toEffect(() => t))
    expect(t.cancels).toBe(0)
  })

  it("Effect.timeout interrupts and cancels the future", async () => {
    const t = new Tracked(pending<number>())
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.timeoutOption(
            toEffect(() => t),
            "50 millis",
          ),
        )
        yield* TestClock.adjust(50)
        return yield* Fiber.join(fiber)
      }),
    )
    expect(r._tag).toBe("None")
    expect(t.cancels).toBe(1)
  })
})

describe("toEffect: Effect.race with a pollable future (loser cancelled both ways)", () => {
  it("the Effect wins: the pollable future is cancelled", async () => {
    const t = new Tracked(sleep(100))
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.race(toEffect(() => t).pipe(Effect.as("future")), Effect.sleep(10).pipe(Effect.as("effect"))),
        )
        yield* TestClock.adjust(10)
        return yield* Fiber.join(fiber)
      }),
    )
    expect(r).toBe("effect")
    expect(t.cancels).toBe(1)
  })

  it("the pollable future wins: the Effect is interrupted and its finalizer runs", async () => {
    let interrupted = 0
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Effect.race(
            toEffect(() => sleep(10)).pipe(Effect.as("future")),
            Effect.sleep(100).pipe(
              Effect.as("effect"),
              Effect.onInterrupt(() => Effect.sync(() => interrupted++)),
            ),
          ),
        )
        yield* TestClock.adjust(10)
        return yield* Fiber.join(fiber)
      }),
    )
    expect(r).toBe("future")
    expect(interrupted).toBe(1)
  })
})

describe("toEffect: TestClock drives pollable time", () => {
  it("sleep completes exactly at its deadline", async () => {
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(toEffect(() => sleep(1000)))
        yield* TestClock.adjust(999)
        const before = fiber.pollUnsafe()
        yield* TestClock.adjust(1)
        return [before, fiber.pollUnsafe()?._tag]
      }),
    )
    expect(r).toEqual([undefined, "Success"])
  })

  it("pollable timeout fails with TimeoutError in the typed channel at the deadline", async () => {
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(toEffect(() => timeout(pending<number>(), 200)))
        yield* TestClock.adjust(199)
        const before = fiber.pollUnsafe()
        yield* TestClock.adjust(1)
        return [before, yield* Fiber.await(fiber)]
      }),
    )
    expect(r[0]).toBe(undefined)
    const exit = r[1] as Exit.Exit<number, TimeoutError>
    expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBeInstanceOf(TimeoutError)
  })

  it("sequential sleeps inside one future each follow the clock", async () => {
    const two = () => {
      let first: Future<void, never> | undefined = sleep(10)
      let second: Future<void, never> | undefined
      return pollFn<string, never>((cx) => {
        if (first !== undefined) {
          if (first.poll(cx) === Pending) return Pending
          first = undefined
          second = sleep(10)
        }
        return second!.poll(cx) === Pending ? Pending : "done"
      })
    }
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(toEffect(two))
        yield* TestClock.adjust(10)
        const mid = fiber.pollUnsafe()
        yield* TestClock.adjust(10)
        return [mid, fiber.pollUnsafe()]
      }),
    )
    expect(r).toEqual([undefined, Exit.succeed("done")])
  })

  it("the clock's now() is the TestClock's time", async () => {
    const r = await runTest(
      Effect.gen(function* () {
        yield* TestClock.adjust(5000)
        const ex = yield* EffectExecutor.current
        return ex.timer.now()
      }),
    )
    expect(r).toBe(5000)
  })
})

describe("toEffect: options", () => {
  it("runs on a given executor with a VirtualClock", async () => {
    const clock = new VirtualClock()
    const ex = new EffectExecutor({ timer: clock })
    const p = Effect.runPromise(toEffect(() => sleep(100), { executor: ex }))
    await clock.advanceAsync(100)
    await expect(p).resolves.toBe(undefined)
    expect(clock.now()).toBe(100)
  })

  it("holds the process open while pending and releases on completion and interruption", async () => {
    const base = keepAliveHolders()
    const m = new Manual<number>()
    const fiber = Effect.runFork(toEffect(() => m))
    await Effect.runPromise(Effect.yieldNow)
    await Effect.runPromise(Effect.yieldNow)
    expect(keepAliveHolders()).toBe(base + 1)
    m.resolve(1)
    expect(await Effect.runPromise(Fiber.join(fiber))).toBe(1)
    expect(keepAliveHolders()).toBe(base)

    const f2 = Effect.runFork(toEffect(() => pending<number>()))
    await Effect.runPromise(Effect.yieldNow)
    expect(keepAliveHolders()).toBe(base + 1)
    await Effect.runPromise(Fiber.interrupt(f2))
    expect(keepAliveHolders()).toBe(base)

    const f3 = Effect.runFork(toEffect(() => pending<number>(), { keepAlive: false }))
    await Effect.runPromise(Effect.yieldNow)
    expect(keepAliveHolders()).toBe(base)
    await Effect.runPromise(Fiber.interrupt(f3))
  })

  it("rejects a non-function", () => {
    expect(() => toEffect(ready(1) as never)).toThrow(/toEffect\(make\)/)
  })
})

describe("toEffect: rule 2 — resume never polls re-entrantly", () => {
  it("a wake from inside a fiber's resume only schedules", async () => {
    // The future is woken synchronously from an Effect callback that resumes a fiber;
    // the poll must happen later, never inside wake().
    const m = new Manual<number>()
    let inWake = false
    let polledInsideWake = false
    const t = new Tracked(
      pollFn<number, never>((cx) => {
        if (inWake) polledInsideWake = true
        return m.poll(cx)
      }),
    )
    const fiber = Effect.runFork(toEffect(() => t))
    await Effect.runPromise(Effect.yieldNow)
    inWake = true
    m.resolve(7)
    inWake = false
    expect(await Effect.runPromise(Fiber.join(fiber))).toBe(7)
    expect(polledInsideWake).toBe(false)
  })

  it("a self-waking future does not starve Effect fibers", async () => {
    let spins = 0
    const spinner = pollFn<never, never>((cx) => {
      spins++
      cx.waker.wake()
      return Pending
    })
    const r = await Effect.runPromise(
      Effect.race(
        toEffect(() => spinner),
        Effect.yieldNow.pipe(Effect.andThen(Effect.yieldNow), Effect.as("fiber ran")),
      ),
    )
    expect(r).toBe("fiber ran")
    expect(spins).toBeGreaterThan(0)
  })

  it("yieldNow round-trips through the scheduler", async () => {
    expect(await Effect.runPromise(toEffect(() => yieldNow()).pipe(Effect.as("ok")))).toBe("ok")
  })
})
