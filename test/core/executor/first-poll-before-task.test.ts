import { describe, expect, it } from "vitest"
import {
  ExecutorClosed,
  fn,
  Interrupted,
  InvalidArgument,
  LocalExecutor,
  Pending,
  pollFn,
  ready,
  reportFault,
  TaskLocal,
  withExecutor,
  yieldNow,
  type JoinHandle,
  type Waker,
} from "@pollable/core"
import { startNow, takeStartedHandle, takeStartError, Threw } from "@pollable/core/adapter"
import { manualFuture, ManualExecutor } from "@pollable/core/testing"
import { manualDrains } from "../../support/manual-drains.js"

describe("startNow: the first poll happens before any task is made", () => {
  it("a future ready at its first poll gives its value and makes no task (the next task id is not used up)", () => {
    const { ex, drains } = manualDrains()
    const before = ex.spawn(pollFn(() => Pending))
    expect(startNow(ready(7), ex)).toBe(7)
    const after = ex.spawn(pollFn(() => Pending))
    const [a, b] = ex.tasks().map((t) => t.id)
    expect(b).toBe(a! + 1)
    before.cancel()
    after.cancel()
    expect(drains.length).toBe(1) // the two spawns' wake; startNow scheduled nothing
  })

  it("a failure at the first poll is returned as Threw with the error, never thrown to the caller", () => {
    const { ex } = manualDrains()
    const boom = new Error("boom")
    const r = startNow(
      pollFn(() => {
        throw boom
      }),
      ex,
    )
    expect(r).toBe(Threw)
    expect(takeStartError()).toBe(boom)
    expect(takeStartError()).toBeUndefined() // taken once: nothing keeps it alive
  })

  it("a future pending at its first poll becomes a task; the waker it registered then wakes that task", () => {
    const ex = new ManualExecutor()
    const f = manualFuture<number>("answer")
    expect(startNow(f, ex)).toBe(Pending)
    const h = takeStartedHandle<number, never>()
    expect(f.polls).toBe(1)
    expect(ex.tasks().map((t) => t.state)).toEqual(["waiting"])
    expect(ex.queued).toBe(0)
    f.resolve(41) // wakes the first poll's waker
    expect(ex.queued).toBe(1) // the wake only scheduled the task (rule 2)
    expect(f.polls).toBe(1)
    ex.runUntilStalled()
    expect(f.polls).toBe(2)
    expect(h.outcome).toEqual({ _tag: "Success", value: 41 })
    expect(ex.strayWakes).toBe(0)
  })

  it("a wake during the first poll is delivered to the task once it exists (rule 2: not polled on that stack)", () => {
    const { ex, drains, drain } = manualDrains()
    const seen: string[] = []
    const step = fn(function* step() {
      seen.push("start")
      yield* yieldNow() // wakes itself during the first poll, before any task exists
      seen.push("resumed")
      return 1
    })
    expect(startNow(step(), ex)).toBe(Pending)
    const h = takeStartedHandle<number, never>()
    expect(seen).toEqual(["start"])
    expect(ex.queued).toBe(1)
    expect(drains.length).toBe(1)
    drain()
    expect(seen).toEqual(["start", "resumed"])
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
  })

  it("the first poll's waker stays the task's after later polls: a late wake is spurious, not lost", () => {
    const ex = new ManualExecutor()
    let first: Waker | undefined
    let polls = 0
    const f = pollFn((cx) => {
      polls++
      first ??= cx.waker
      return polls < 3 ? Pending : "done"
    })
    expect(startNow(f, ex)).toBe(Pending)
    const h = takeStartedHandle<string, never>()
    first!.wake()
    ex.runUntilStalled() // poll 2: pending with the task's own waker
    expect(polls).toBe(2)
    first!.wake() // the stale first-poll waker still reaches the task (a spurious wake, allowed)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: "done" })
  })

  it("rule 8: faults reported during the first poll go to the executor's onFault", () => {
    const faults: unknown[] = []
    const ex = new LocalExecutor({ schedule: () => {}, onFault: (e) => faults.push(e) })
    const oops = new Error("teardown broke")
    expect(
      startNow(
        pollFn(() => {
          reportFault(oops, "a loser's teardown")
          return 1
        }),
        ex,
      ),
    ).toBe(1)
    expect(faults).toEqual([oops])
  })

  it("with hooks installed the future is started as a task the hooks see (onSpawn, poll start and end)", () => {
    const seen: string[] = []
    const ex = new LocalExecutor({
      schedule: () => {},
      hooks: {
        onSpawn: (t) => seen.push(`spawn ${t.id}`),
        onPollStart: (t) => seen.push(`poll ${t.id}`),
        onPollEnd: (t, ended) => seen.push(`end ${t.id} ${ended}`),
      },
    })
    expect(startNow(ready(3), ex)).toBe(3)
    expect(seen).toHaveLength(3)
    expect(seen[0]).toMatch(/^spawn \d+$/)
    const id = seen[0]!.split(" ")[1]
    expect(seen).toEqual([`spawn ${id}`, `poll ${id}`, `end ${id} true`])
    const boom = new Error("x")
    expect(
      startNow(
        pollFn(() => {
          throw boom
        }),
        ex,
      ),
    ).toBe(Threw)
    expect(takeStartError()).toBe(boom)
  })

  it("with hooks installed, a pending future's handle is the task the hooks saw", () => {
    const spawned: unknown[] = []
    const ex = new ManualExecutor({ hooks: { onSpawn: (t) => spawned.push(t) } })
    const f = manualFuture<number>("later")
    expect(startNow(f, ex)).toBe(Pending)
    const h: JoinHandle<number, never> = takeStartedHandle()
    expect(spawned).toEqual([h])
    f.resolve(2)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 2 })
  })

  it("inheriting task-locals are seen by the first poll and by the task's later polls", () => {
    const ex = new ManualExecutor()
    const local = new TaskLocal<string>("request", { inherit: true })
    const seen: (string | undefined)[] = []
    const body = fn(function* body() {
      seen.push(local.tryGet())
      yield* yieldNow()
      seen.push(local.tryGet())
      return seen.length
    })
    // started inside the synchronous extent of a value: the task inherits it
    expect(local.sync("r1", () => startNow(body(), ex))).toBe(Pending)
    const h = takeStartedHandle<number, never>()
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 2 })
    expect(seen).toEqual(["r1", "r1"])
  })

  it("a thrown Interrupted at the first poll comes back as Threw with that error", () => {
    const { ex } = manualDrains()
    const stop = new Interrupted("stopped")
    expect(
      startNow(
        pollFn(() => {
          throw stop
        }),
        ex,
      ),
    ).toBe(Threw)
    expect(takeStartError()).toBe(stop)
  })

  it("a bad executor argument is refused with InvalidArgument that says the option may be left out", () => {
    expect(() => startNow(ready(1), 42 as never)).toThrow(InvalidArgument)
    expect(() => startNow(ready(1), 42 as never)).toThrow(/startNow\(future, executor\).*or leave the option out/s)
  })

  it("refuses to start on a disposed executor (ExecutorClosed), as start does", () => {
    const { ex } = manualDrains()
    ex[Symbol.dispose]()
    expect(() => startNow(ready(1), ex)).toThrow(ExecutorClosed)
  })

  it("uses the withExecutor scope's executor; executors without a first poll spawn and give the handle", () => {
    const { ex } = manualDrains()
    expect(withExecutor(ex, () => startNow(ready(2)))).toBe(2)
    const spawned: unknown[] = []
    const plain = { timer: undefined, spawn: (f: unknown) => (spawned.push(f), ex.spawn(f as never)) }
    const f = ready(3)
    expect(startNow(f, plain as never)).toBe(Pending)
    const h = takeStartedHandle<number, never>()
    expect(spawned).toEqual([f])
    expect(h.outcome).toBeUndefined()
    h.cancel()
  })
})
