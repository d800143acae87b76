/**
 * Instrumentation hooks: what each hook is told and when, per executor or process-wide; a
 * throwing hook never breaks the executor (rule 8); slow-poll and busy-loop warnings.
 */
import { afterEach, describe, expect, it } from "vitest"
import {
  InvalidArgument,
  LocalExecutor,
  Pending,
  fail,
  gen,
  installHooks,
  pending,
  pollFn,
  pollWarnings,
  sleep,
  type ExecutorHooks,
  type PollWarning,
} from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

/** Hooks writing every call as a line. */
const recorder = (log: string[]): ExecutorHooks => ({
  onSpawn: (t, p) => log.push(`spawn ${t.name}${p === undefined ? "" : ` by ${p.name}`}`),
  onPollStart: (t) => log.push(`poll ${t.name}`),
  onPollEnd: (t, ready) => log.push(`polled ${t.name}${ready ? " (ready)" : ""}`),
  onWake: (t, by) => log.push(`wake ${t.name}${by === undefined ? "" : ` by ${by.name}`}`),
  onTimerArmed: (at, t) => log.push(`armed t=${at} by ${t?.name}`),
  onTimerFired: (at, t) => log.push(`fired t=${at} for ${t?.name}`),
  onTaskEnd: (t, o) => log.push(`end ${t.name}: ${o._tag}`),
})

describe("per-executor hooks", () => {
  it("see spawn, each poll, wakes (and by whom), timers armed and fired, and the end", () => {
    const log: string[] = []
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock, hooks: recorder(log) })
    ex.spawn(
      gen(function* sleeper() {
        yield* sleep(10)
        return 1
      }),
      { name: "sleeper" },
    )
    ex.runUntilStalled()
    clock.advance(10)
    expect(log).toEqual([
      "spawn sleeper",
      "wake sleeper",
      "poll sleeper",
      "armed t=10 by sleeper",
      "polled sleeper",
      "fired t=10 for sleeper",
      "wake sleeper",
      "poll sleeper",
      "end sleeper: Success",
      "polled sleeper (ready)",
    ])
  })
  it("name the parent of a task spawned during a poll, and the task whose poll woke another", () => {
    const log: string[] = []
    const ex = new ManualExecutor({ hooks: recorder(log) })
    let w: { wake(): void } | undefined
    ex.spawn(
      pollFn((cx) => {
        w = cx.waker
        return Pending
      }),
      { name: "sleepy" },
    )
    ex.spawn(
      gen(function* boss() {
        ex.spawn(pending(), { name: "worker" })
        w!.wake()
      }),
      { name: "boss" },
    )
    ex.runUntilStalled()
    expect(log).toContain("spawn worker by boss")
    expect(log).toContain("wake sleepy by boss")
  })
  it("report a cancelled task as Interrupted and a failed one as Failure", () => {
    const log: string[] = []
    const ex = new ManualExecutor({ hooks: recorder(log) })
    const h = ex.spawn(pending(), { name: "idle" })
    ex.spawn(fail(new Error("no")), { name: "broken" })
    ex.runUntilStalled()
    h.cancel()
    expect(log.filter((l) => l.startsWith("end"))).toEqual(["end broken: Failure", "end idle: Interrupted"])
  })
  it("setHooks replaces them and setHooks(undefined) removes them", () => {
    const a: string[] = []
    const ex = new ManualExecutor({ hooks: recorder(a) })
    ex.setHooks(undefined)
    ex.spawn(pending())
    ex.runUntilStalled()
    expect(a).toEqual([])
    const b: string[] = []
    ex.setHooks({ onPollStart: (t) => b.push(t.name) })
    ex.spawn(pending(), { name: "x" })
    ex.runUntilStalled()
    expect(b).toEqual(["x"])
  })
  it("a hook that throws is reported and the task runs on (rule 8)", () => {
    const faults: unknown[] = []
    const ex = new ManualExecutor({
      onFault: (e) => faults.push(e),
      hooks: {
        onPollStart() {
          throw new Error("hook bug")
        },
      },
    })
    expect(ex.blockOn(pollFn(() => 5))).toBe(5)
    expect(faults).toHaveLength(1)
    expect((faults[0] as Error).message).toBe("hook bug")
  })
  it("bad hooks are refused with InvalidArgument naming the member", () => {
    expect(() => new LocalExecutor({ hooks: { onWake: 3 } as never })).toThrow(InvalidArgument)
    expect(() => new LocalExecutor({ hooks: { onWake: 3 } as never })).toThrow(/onWake is a number, not a function/)
    expect(() => installHooks(null as never)).toThrow(/installHooks\(hooks\): expected an object/)
  })
})

describe("installHooks (process-wide)", () => {
  let remove: (() => void) | undefined
  afterEach(() => remove?.())
  it("reaches every executor together with its own hooks, until removed", () => {
    const global: string[] = []
    const own: string[] = []
    remove = installHooks({ onPollStart: (t) => global.push(t.name) })
    const ex = new ManualExecutor({ hooks: { onPollStart: (t) => own.push(t.name) } })
    const other = new ManualExecutor()
    ex.spawn(pending(), { name: "a" })
    other.spawn(pending(), { name: "b" })
    ex.runUntilStalled()
    other.runUntilStalled()
    expect(own).toEqual(["a"])
    expect(global).toEqual(["a", "b"])
    remove()
    other.spawn(pending(), { name: "c" })
    other.runUntilStalled()
    expect(global).toEqual(["a", "b"])
  })
})

describe("pollWarnings", () => {
  it("warns about a poll slower than the threshold, naming the task", () => {
    const warnings: PollWarning[] = []
    const ex = new ManualExecutor({ hooks: pollWarnings({ slowPollMs: 1, onWarning: (w) => warnings.push(w) }) })
    ex.blockOn(
      pollFn(() => {
        const start = performance.now()
        while (performance.now() - start < 3) {
          // a poll that blocks the executor for 3 ms
        }
        return 1
      }),
    )
    expect(warnings).toMatchObject([
      { _tag: "SlowPoll", message: expect.stringMatching(/^slow poll: task#\d+ \(pollFn/) },
    ])
    expect((warnings[0] as { ms: number }).ms).toBeGreaterThan(1)
  })
  it("warns once about a task woken more than N times without completing", () => {
    const warnings: PollWarning[] = []
    const ex = new ManualExecutor({ hooks: pollWarnings({ busyWakes: 5, onWarning: (w) => warnings.push(w) }) })
    let n = 0
    ex.spawn(
      pollFn((cx) => {
        if (++n === 20) return n
        cx.waker.wake()
        return Pending
      }),
      { name: "spinner" },
    )
    ex.runUntilStalled()
    expect(warnings).toEqual([
      {
        _tag: "BusyLoop",
        task: expect.anything(),
        wakes: 6,
        message: expect.stringMatching(/^busy loop: task#\d+ \(spinner\) was woken 6 times/),
      },
    ])
  })
  it("is off for fast polls and refuses bad thresholds", () => {
    const warnings: PollWarning[] = []
    const ex = new ManualExecutor({
      timer: new VirtualClock(),
      hooks: pollWarnings({ slowPollMs: 60_000, busyWakes: 100, onWarning: (w) => warnings.push(w) }),
    })
    ex.blockOn(sleep(5))
    expect(warnings).toEqual([])
    expect(() => pollWarnings({ slowPollMs: -1 })).toThrow(InvalidArgument)
    expect(() => pollWarnings({ busyWakes: 0 })).toThrow(InvalidArgument)
  })
})
