import { describe, expect, it } from "vitest"
import { Clock, Effect, Scheduler } from "effect"
import { TestClock } from "effect/testing"
import type { TimerQueue } from "@pollable/core"
import { testExecutor, type ConformanceClock } from "@pollable/core/conformance"
import { VirtualClock } from "@pollable/core/testing"
import { EffectExecutor } from "@pollable/adapter-effect"

const harness = { describe, it, expect }
const smaller = { fanOut: 2_000, chainDepth: 20_000 }

// Live: drains on Effect's default scheduler (setImmediate batches), time on the live
// Clock (one alarm fiber sleeping with setTimeout).
testExecutor({
  name: "effect (EffectExecutor, live Clock)",
  make: () => ({ executor: new EffectExecutor() }),
  harness,
})

// Drains on Effect's scheduler, time on core's VirtualClock: exact virtual deadlines.
testExecutor({
  name: "effect (EffectExecutor, VirtualClock)",
  make: () => {
    const clock = new VirtualClock()
    return { executor: new EffectExecutor({ timer: clock }), clock }
  },
  capabilities: { virtualTime: true, ...smaller },
  harness,
})

/*
 * TestClock: the executor is built on a TestClock and its tracking scheduler (what
 * `EffectExecutor.make()` captures inside a program provided with `TestClock.layer()`).
 * The suite steps time through a ConformanceClock whose `advanceAsync` runs
 * `TestClock.adjust` — so every timer fires through Effect's own test clock.
 */
const testClockInstance = async () => {
  const { clock, scheduler } = await Effect.runPromise(
    Effect.provide(
      Effect.withFiber((f) =>
        Effect.succeed({
          clock: f.getRef(Clock.Clock) as TestClock.TestClock,
          scheduler: f.getRef(Scheduler.Scheduler),
        }),
      ),
      TestClock.layer(),
    ),
  )
  const executor = new EffectExecutor({ clock, scheduler })
  const timers = executor.timer as TimerQueue
  const driver: ConformanceClock = {
    get pendingTimers() {
      return timers.size
    },
    get nextDeadline() {
      return timers.nextDeadline
    },
    now: () => clock.currentTimeMillisUnsafe(),
    async advanceAsync(ms: number, flush: () => Promise<void>) {
      await flush()
      await Effect.runPromise(clock.adjust(ms))
      await flush()
    },
  }
  return { executor, clock: driver }
}

testExecutor({
  name: "effect (EffectExecutor, TestClock)",
  make: testClockInstance,
  capabilities: { virtualTime: true, ...smaller },
  harness,
})
