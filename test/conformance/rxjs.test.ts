import { describe, expect, it } from "vitest"
import { asapScheduler, asyncScheduler, queueScheduler, type SchedulerLike } from "rxjs"
import { TestScheduler } from "rxjs/testing"
import { testExecutor } from "@pollable/core/conformance"
import { VirtualClock } from "@pollable/core/testing"
import { RxjsExecutor } from "@pollable/adapter-rxjs"

const harness = { describe, it, expect }
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))
// The scale cases run at full size on asapScheduler (the default) and smaller on the other
// configurations, to keep this file to a few seconds on CI's two cores.
const smaller = { fanOut: 2_000, chainDepth: 20_000 }

// Real schedulers, on their own clocks (Date.now + setInterval-backed alarms).
for (const [label, scheduler] of [
  ["asapScheduler", asapScheduler],
  ["queueScheduler", queueScheduler],
  ["asyncScheduler", asyncScheduler],
] as const satisfies readonly (readonly [string, SchedulerLike])[]) {
  testExecutor({
    name: `rxjs (${label})`,
    make: () => ({ executor: new RxjsExecutor(scheduler) }),
    capabilities: scheduler === asapScheduler ? {} : smaller,
    harness,
  })
}

// Real schedulers for polls, core's VirtualClock for time: exact virtual deadlines are checked.
for (const [label, scheduler] of [
  ["asapScheduler", asapScheduler],
  ["queueScheduler", queueScheduler],
] as const satisfies readonly (readonly [string, SchedulerLike])[]) {
  testExecutor({
    name: `rxjs (${label}, VirtualClock)`,
    make: () => {
      const clock = new VirtualClock()
      return { executor: new RxjsExecutor(scheduler, { timer: clock }), clock }
    },
    capabilities: { virtualTime: true, ...smaller },
    harness,
  })
}

/*
 * TestScheduler. `TestScheduler.run(cb)` runs `cb` synchronously and flushes once at its
 * end, so it cannot host the suite's async cases (they await handles and host macrotasks
 * between steps); the marble tests in test/adapter-rxjs cover `run()` itself. Here the
 * executor is given a TestScheduler instance directly and the scheduler is flushed by the
 * harness — the same scheduler calls (`schedule`, `now`) that run() mode virtualises.
 *
 * A TestScheduler flush runs its queue until it is empty, so a task that keeps waking
 * itself cannot let host macrotasks in: `hostYield: false` (a test scheduler does not
 * share the host with anything).
 */

// 1. Polls and time both on the TestScheduler: time is its virtual frames. The harness's
//    flush runs only the actions due at the current frame; a host pump moves the frame on
//    by one per host turn, so virtual time passes about as fast as the suite's real-time
//    cases expect (they assume a 5 ms sleep outlasts a few flushes), in TestScheduler order.
const runDue = (ts: TestScheduler): void => {
  ts.maxFrames = ts.frame
  ts.flush()
}
testExecutor({
  name: "rxjs (TestScheduler frames)",
  make: () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    const pump = setInterval(() => {
      runDue(ts)
      ts.frame += 1
      runDue(ts)
    }, 0)
    return {
      executor: new RxjsExecutor(ts),
      flush: async () => {
        runDue(ts)
        await macrotask()
      },
      dispose: () => clearInterval(pump),
    }
  },
  capabilities: { hostYield: false, ...smaller },
  harness,
})

// 2. Polls on the TestScheduler, time on core's VirtualClock: the suite steps the clock and
//    checks exact deadlines.
testExecutor({
  name: "rxjs (TestScheduler, VirtualClock)",
  make: () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    ts.maxFrames = Infinity
    const clock = new VirtualClock()
    return {
      executor: new RxjsExecutor(ts, { timer: clock }),
      clock,
      flush: async () => {
        ts.flush()
        await macrotask()
      },
    }
  },
  capabilities: { virtualTime: true, hostYield: false, ...smaller },
  harness,
})
