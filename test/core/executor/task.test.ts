// The spawned Task packs its state into four fields (flags + id in one integer, the future
// then its outcome in one slot, the queue that also gives `timer`/`spawner`, and one joiner
// slot). These tests pin the behaviours that packing must keep.
import { describe, expect, it } from "vitest"
import {
  Interrupted,
  LocalExecutor,
  Pending,
  PollAfterReady,
  pollFn,
  sleep,
  type Context,
  type JoinHandle,
  type Outcome,
} from "@pollable/core"
import {
  CountingWaker,
  ExploringExecutor,
  ManualExecutor,
  VirtualClock,
  contextOf,
  manualFuture,
  seededChoose,
} from "@pollable/core/testing"

const idOf = (h: unknown): number => (h as { id: number }).id
/** Adapters' view of a handle: `Task.onSettle` (not part of the `JoinHandle` contract). */
const settling = <T>(h: JoinHandle<T, any>) =>
  h as JoinHandle<T, any> & { onSettle(l: (o: Outcome<T, any>) => void): void }

describe("Task fields read from the executor", () => {
  it("cx.timer is the executor's timer and cx.spawner the executor itself", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    let seen: Context | undefined
    ex.blockOn(pollFn((cx) => ((seen = cx), 1)))
    expect(seen!.timer).toBe(clock)
    expect(seen!.spawner).toBe(ex)
  })

  it("cx.timer is undefined (not a throw) on an executor without a timer", () => {
    const ex = new ManualExecutor()
    let seen: Context | undefined
    ex.blockOn(pollFn((cx) => ((seen = cx), 1)))
    expect(seen!.timer).toBeUndefined()
    expect(seen!.spawner).toBe(ex)
  })

  it("the exploring executor hands out its clock and itself", () => {
    const clock = new VirtualClock()
    const ex = new ExploringExecutor({ choose: seededChoose(1), clock })
    let seen: Context | undefined
    const h = ex.spawn(pollFn((cx) => ((seen = cx), 1)))
    ex.run()
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
    expect(seen!.timer).toBe(clock)
    expect(seen!.spawner).toBe(ex)
    expect(ex.liveTasks).toBe(0)
  })

  it("sleep on a task of a timer-less executor still fails naming the capability", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(sleep(1))
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Failure")
    expect(String((h.outcome as { error: unknown }).error)).toMatch(/timer/)
  })
})

describe("Task id and label", () => {
  it("ids follow spawn order and name the task in its label", () => {
    const ex = new ManualExecutor()
    const a = ex.spawn(manualFuture())
    const b = ex.spawn(manualFuture())
    expect(idOf(b)).toBe(idOf(a) + 1)
    expect(String(b)).toBe(`task#${idOf(b)}`)
    a.cancel()
    b.cancel()
  })

  it("the id survives queueing, finishing and joining (the flags share its integer)", () => {
    const ex = new ManualExecutor()
    const f = manualFuture<number>()
    const h = ex.spawn(f)
    const id = idOf(h)
    ex.runUntilStalled()
    f.resolve(5)
    expect((h as unknown as { queued: boolean }).queued).toBe(true)
    expect(idOf(h)).toBe(id)
    ex.runUntilStalled()
    expect(h.poll(contextOf())).toBe(5)
    expect(idOf(h)).toBe(id)
    expect(() => h.poll(contextOf())).toThrow(PollAfterReady)
    expect(idOf(h)).toBe(id)
  })
})

describe("Task joiners in one slot", () => {
  it("a polling joiner, a promise and onSettle listeners are all told, in that order", async () => {
    const ex = new ManualExecutor()
    const f = manualFuture<number>()
    const h = ex.spawn(f)
    const order: string[] = []
    // joiner first, then the promise and a listener turn the slot into the full record
    const w = new CountingWaker()
    expect(h.poll(contextOf(w))).toBe(Pending)
    const p = h.then((v) => order.push(`then ${v}`))
    settling(h).onSettle((o) => order.push(`listener ${o._tag}`))
    // the joiner re-polls with a new waker: only that one is woken
    const w2 = new CountingWaker()
    expect(h.poll(contextOf(w2))).toBe(Pending)
    ex.runUntilStalled()
    f.resolve(7)
    ex.runUntilStalled()
    expect(w.count).toBe(0)
    expect(w2.count).toBe(1)
    expect(order).toEqual(["listener Success"])
    await p
    expect(order).toEqual(["listener Success", "then 7"])
    expect(h.poll(contextOf())).toBe(7)
  })

  it("a joiner that polls after `then` is woken too", () => {
    const ex = new ManualExecutor()
    const f = manualFuture<number>()
    const h = ex.spawn(f)
    void h.then(() => {})
    const w = new CountingWaker()
    expect(h.poll(contextOf(w))).toBe(Pending)
    ex.runUntilStalled()
    f.resolve(1)
    ex.runUntilStalled()
    expect(w.count).toBe(1)
  })

  it("then after the task finished settles at once and gives the same promise each time", async () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(pollFn(() => 3))
    ex.runUntilStalled()
    const a = await h
    const b = await h.then((v) => v * 2)
    expect([a, b]).toEqual([3, 6])
    // polling is independent of `then`: the first poll still gets the value
    expect(h.poll(contextOf())).toBe(3)
  })

  it("a cancelled task tells every joiner kind, and the cancelled future is released", async () => {
    const ex = new ManualExecutor()
    const f = manualFuture<number>()
    const h = ex.spawn(f)
    ex.runUntilStalled()
    const w = new CountingWaker()
    h.poll(contextOf(w))
    const outcomes: Outcome<number, unknown>[] = []
    settling(h).onSettle((o) => outcomes.push(o))
    const rejected = h.then(
      () => "resolved",
      (e: unknown) => e,
    )
    h.cancel()
    expect(f.cancelled).toBe(true)
    expect(w.count).toBe(1)
    expect(outcomes).toEqual([{ _tag: "Interrupted" }])
    expect(await rejected).toBeInstanceOf(Interrupted)
    expect(() => h.poll(contextOf())).toThrow(Interrupted)
    // a wake after the end is a stray wake, not a poll
    w.count = 0
    ;(h as unknown as { wake(): void }).wake()
    expect(ex.strayWakes).toBe(1)
    expect(ex.queued).toBe(0)
  })

  it("onSettle registered after the end is called at once with the outcome", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(pollFn(() => "x"))
    ex.runUntilStalled()
    let got: unknown
    settling(h).onSettle((o) => (got = o))
    expect(got).toEqual({ _tag: "Success", value: "x" })
  })
})

describe("Task success kept as the bare value until an outcome is asked for", () => {
  it("a polling joiner gets the value; outcome, onSettle and then still see one Success object", async () => {
    const ex = new ManualExecutor()
    const f = manualFuture<{ n: number }>()
    const h = ex.spawn(f)
    const joiner = new CountingWaker()
    expect(h.poll(contextOf(joiner))).toBe(Pending)
    ex.runUntilStalled()
    const v = { n: 1 }
    f.resolve(v)
    ex.runUntilStalled()
    expect(joiner.count).toBe(1)
    expect(h.poll(contextOf(joiner))).toBe(v)
    const o = h.outcome
    expect(o).toEqual({ _tag: "Success", value: v })
    expect(h.outcome).toBe(o) // made once, then kept
    const seen: unknown[] = []
    settling(h).onSettle((x) => seen.push(x))
    expect(seen[0]).toBe(o)
    await expect(h).resolves.toBe(v)
    expect(() => h.poll(contextOf(joiner))).toThrow(PollAfterReady)
  })

  it("an undefined success value is still a success (not a running task)", async () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(pollFn(() => undefined))
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: undefined })
    await expect(h).resolves.toBeUndefined()
  })
})

describe("Task interruption kept in the outcome", () => {
  it("a future that throws Interrupted ends interrupted; joiners get that very error", async () => {
    const ex = new ManualExecutor()
    const err = new Interrupted("inner", "because")
    const h = ex.spawn(
      pollFn(() => {
        throw err
      }),
    )
    const joined = h.then(
      () => undefined,
      (e: unknown) => e,
    )
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(h.outcome?._tag).toBe("Interrupted")
    expect(Object.keys(h.outcome!)).toEqual(["_tag"])
    expect(await joined).toBe(err)
    expect(() => h.poll(contextOf())).toThrow(err)
    // a promise made after the end rejects with it too
    await expect(Promise.resolve(h.then())).rejects.toBe(err)
  })

  it("a cancelled task's joiners get a fresh Interrupted naming the task", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(manualFuture())
    h.cancel()
    expect(() => h.poll(contextOf())).toThrow(new RegExp(`^task#${idOf(h)} was cancelled`))
  })
})

describe("Task on the reference executor", () => {
  it("many pending tasks: each polled once, each cancellable", async () => {
    const ex = new LocalExecutor()
    let polls = 0
    const hs = Array.from({ length: 100 }, () =>
      ex.spawn(
        pollFn(() => {
          polls++
          return Pending
        }),
      ),
    )
    await new Promise<void>((r) => queueMicrotask(r))
    expect(polls).toBe(100)
    for (const h of hs) h.cancel()
    expect(hs.every((h) => h.outcome?._tag === "Interrupted")).toBe(true)
  })
})
