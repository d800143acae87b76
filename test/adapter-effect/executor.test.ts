import { describe, expect, it } from "vitest"
import { Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { bind, gen, map, sleep, timeout, TimerQueue, type Future } from "@pollable/core"
import { VirtualClock } from "@pollable/core/testing"
import { EffectExecutor, effect, effectClockSource } from "@pollable/adapter-effect"
import { runTest } from "./helpers.js"
import { itUnless, noSetImmediate } from "../support/runtime.js"

describe("EffectExecutor", () => {
  it("is core's LocalExecutor with a TimerQueue timer", () => {
    const ex = new EffectExecutor()
    expect(ex.describe()).toBe("effect")
    expect(ex.timer).toBeInstanceOf(TimerQueue)
    expect(ex.hasTimer).toBe(true)
  })

  it("EffectExecutor.make captures the TestClock: adjust drives spawned sleeps", async () => {
    const r = await runTest(
      Effect.gen(function* () {
        const ex = yield* EffectExecutor.make()
        const trace: string[] = []
        const h = ex.spawn(
          gen(function* () {
            yield* sleep(100)
            trace.push(`a@${ex.timer.now()}`)
            yield* sleep(50)
            trace.push(`b@${ex.timer.now()}`)
            return trace.length
          }),
        )
        yield* Effect.yieldNow
        yield* TestClock.adjust(100)
        const mid = [...trace]
        yield* TestClock.adjust(49)
        const before = h.outcome
        yield* TestClock.adjust(1)
        return { mid, before, outcome: h.outcome, trace }
      }),
    )
    expect(r.mid).toEqual(["a@100"])
    expect(r.before).toBe(undefined)
    expect(r.outcome).toEqual({ _tag: "Success", value: 2 })
    expect(r.trace).toEqual(["a@100", "b@150"])
  })

  it("10,000 sleeps keep one alarm fiber; cancelling them leaves no TestClock sleeper", async () => {
    const r = await runTest(
      Effect.gen(function* () {
        const ex = yield* EffectExecutor.make()
        const hs = Array.from({ length: 10_000 }, (_, i) => ex.spawn(sleep(10 + (i % 100))))
        while (ex.queued > 0) yield* Effect.yieldNow
        const size = (ex.timer as TimerQueue).size
        for (const h of hs) h.cancel()
        const after = (ex.timer as TimerQueue).size
        // with the alarm gone, adjusting far ahead completes nothing and hangs nothing
        yield* TestClock.adjust(10_000)
        return { size, after, outcomes: new Set(hs.map((h) => h.outcome?._tag)) }
      }),
    )
    expect(r.size).toBe(10_000)
    expect(r.after).toBe(0)
    expect([...r.outcomes]).toEqual(["Interrupted"])
  })

  it("a user timer (VirtualClock) replaces the Effect clock", async () => {
    const clock = new VirtualClock()
    const ex = new EffectExecutor({ timer: clock })
    const h = ex.spawn(map(sleep(30), () => clock.now()))
    await clock.advanceAsync(30)
    expect(await h).toBe(30)
  })

  itUnless(noSetImmediate)(
    "advanceAsync's default flush lets the Effect drain run first, even when its setTimeout is already due",
    async () => {
      // Called from a setImmediate callback (where Effect's own drains resolve promises), the
      // executor's first drain is a setImmediate of the NEXT loop turn, after its timers
      // phase. The busy wait makes the flush's setTimeout(0) due in that timers phase: a
      // flush of one macrotask then moved the clock before the task's first poll, and the
      // sleep registered at 60 instead of 30 (the test hung under CI load).
      const clock = new VirtualClock()
      const ex = new EffectExecutor({ timer: clock })
      const result = await new Promise<{ outcome: unknown; pending: number }>((resolve) => {
        setImmediate(() => {
          const h = ex.spawn(map(sleep(30), () => clock.now()))
          const advanced = clock.advanceAsync(30)
          const t0 = performance.now()
          while (performance.now() - t0 < 3) {
            // let the flush's setTimeout(0) fall due before the event loop moves on
          }
          void advanced.then(() => {
            const outcome = h.outcome
            h.cancel()
            resolve({ outcome, pending: clock.pendingTimers })
          })
        })
      })
      expect(result).toEqual({ outcome: { _tag: "Success", value: 30 }, pending: 0 })
    },
  )

  it("one VirtualClock drives an EffectExecutor and a second executor together", async () => {
    const clock = new VirtualClock()
    const a = new EffectExecutor({ timer: clock })
    const b = new EffectExecutor({ timer: clock, name: "b" })
    const order: string[] = []
    const ha = a.spawn(map(sleep(20), () => void order.push("a")))
    const hb = b.spawn(map(sleep(10), () => void order.push("b")))
    await clock.advanceAsync(20)
    await Promise.all([ha, hb])
    expect(order).toEqual(["b", "a"])
  })

  it("runs on the live clock", async () => {
    const ex = new EffectExecutor()
    const t0 = ex.timer.now()
    await ex.spawn(sleep(5))
    expect(ex.timer.now() - t0).toBeGreaterThanOrEqual(5)
  })

  it("EffectExecutor.current is shared per Clock and Scheduler", async () => {
    const [a, b] = await Effect.runPromise(Effect.all([EffectExecutor.current, EffectExecutor.current]))
    expect(a).toBe(b)
    const c = await runTest(EffectExecutor.current)
    expect(c).not.toBe(a)
  })
})

describe("effectClockSource", () => {
  it("arms an alarm on the Effect clock and disarms it by interrupting", async () => {
    const fired: number[] = []
    const r = await runTest(
      Effect.gen(function* () {
        const ex = yield* EffectExecutor.make()
        const src = effectClockSource(ex.clock, ex.scheduler)
        const disarm = src.setAlarm(src.now() + 10, () => fired.push(1))
        src.setAlarm(src.now() + 20, () => fired.push(2))
        yield* Effect.yieldNow
        disarm()
        yield* TestClock.adjust(20)
        return src.now()
      }),
    )
    expect(r).toBe(20)
    expect(fired).toEqual([2])
  })

  it("a deadline already due fires asynchronously, never inside setAlarm", async () => {
    const fired: string[] = []
    await runTest(
      Effect.gen(function* () {
        const ex = yield* EffectExecutor.make()
        const src = effectClockSource(ex.clock, ex.scheduler)
        src.setAlarm(src.now() - 5, () => fired.push("fired"))
        fired.push("returned")
        yield* Effect.yieldNow
        yield* Effect.yieldNow
      }),
    )
    expect(fired).toEqual(["returned", "fired"])
  })
})

describe("the effect Adapter", () => {
  it("run(make) is a lazy Effect", async () => {
    let made = 0
    const eff = effect.run(() => {
      made++
      return sleep(1)
    })
    expect(made).toBe(0)
    await Effect.runPromise(eff)
    expect(made).toBe(1)
  })

  it("createExecutor gives a fresh EffectExecutor", () => {
    const a = effect.createExecutor()
    expect(a).toBeInstanceOf(EffectExecutor)
    expect(effect.createExecutor()).not.toBe(a)
    expect(effect.name).toBe("effect")
  })

  it("bind(api, effect) gives Effect-returning functions; TestClock drives them", async () => {
    const api = {
      wait: (ms: number): Future<string, never> => map(sleep(ms), () => `waited ${ms}`),
      guarded: (ms: number) => timeout(sleep(ms), 50),
    }
    const lib = bind(api, effect)
    const r = await runTest(
      Effect.gen(function* () {
        const f1 = yield* Effect.forkChild(lib.wait(100))
        const f2 = yield* Effect.forkChild(lib.guarded(100))
        yield* TestClock.adjust(100)
        return [yield* Fiber.join(f1), yield* Fiber.await(f2)]
      }),
    )
    expect(r[0]).toBe("waited 100")
    expect(Exit.isFailure(r[1] as Exit.Exit<void, unknown>)).toBe(true)
  })
})
