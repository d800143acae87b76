/** Regression tests for bugs found in the core review (contracts, executor, combinators). */
import { describe, expect, it } from "vitest"
import {
  Interrupted,
  InvalidArgument,
  Pending,
  abortable,
  fuse,
  join,
  pending,
  pollFn,
  ready,
  select,
  settle,
  suspend,
  type Context,
  type Future,
} from "@pollable/core"
import { ManualExecutor, contextOf } from "@pollable/core/testing"

describe("JoinHandle of a future that throws Interrupted (rule 6)", () => {
  it("has the interrupted outcome, like settle(), and rejects with the very error thrown", async () => {
    const ex = new ManualExecutor()
    const thrown = new Interrupted("the inner work", "user pressed stop")
    const h = ex.spawn(
      pollFn<never>(() => {
        throw thrown
      }),
    )
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    await expect(h).rejects.toBe(thrown)
    // settle of the same kind of future agrees
    expect(
      ex.blockOn(
        settle(
          pollFn<never>(() => {
            throw thrown
          }),
        ),
      ),
    ).toEqual({ _tag: "Interrupted" })
  })

  it("polling the handle rethrows the same Interrupted", () => {
    const ex = new ManualExecutor()
    const thrown = new Interrupted("the inner work")
    const h = ex.spawn(
      pollFn<never>(() => {
        throw thrown
      }),
    )
    ex.runUntilStalled()
    let caught: unknown
    try {
      h.poll(contextOf())
    } catch (e) {
      caught = e
    }
    expect(caught).toBe(thrown)
  })

  it("an aborted abortable() task ends interrupted, not failed", () => {
    const ex = new ManualExecutor()
    const ac = new AbortController()
    const h = ex.spawn(abortable(pending(), ac.signal))
    ex.runUntilStalled()
    ac.abort("stop")
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
  })
})

/** A hand-written future that keeps the Context and reads `cx.waker` only when it wakes. */
class LateWaker implements Future<string> {
  cx: Context | undefined
  done = false
  polls = 0
  poll(cx: Context) {
    this.polls++
    if (this.done) return "late"
    this.cx = cx
    return Pending
  }
  fire() {
    this.done = true
    this.cx?.waker.wake()
  }
  cancel() {
    this.cx = undefined
  }
}

describe("fan-in children that read cx.waker after their poll returned", () => {
  it("join: waking through a stored Context repolls that child, not the last one polled", () => {
    const ex = new ManualExecutor()
    const late = new LateWaker()
    const other = pollFn<number>(() => Pending) // reads nothing, never ready
    const h = ex.spawn(join(late, other, pending<number>()))
    ex.runUntilStalled()
    late.fire()
    ex.runUntilStalled()
    h.cancel()
    // the join is not done (the others pend), but `late` must have been polled again
    expect(late.polls).toBe(2)
  })

  it("select: the stored-Context child wins when it fires", () => {
    const ex = new ManualExecutor()
    const late = new LateWaker()
    const h = ex.spawn(select(late, pending<number>(), pending<number>()))
    ex.runUntilStalled()
    late.fire()
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: { index: 0, value: "late" } })
  })
})

describe("abortable", () => {
  it("notices an abort that happened while its inner future was being polled", () => {
    const ex = new ManualExecutor()
    const ac = new AbortController()
    let cancelled = false
    const inner = pollFn<number>(
      () => {
        ac.abort("during poll")
        return Pending
      },
      () => {
        cancelled = true
      },
    )
    const h = ex.spawn(abortable(inner, ac.signal))
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Interrupted")
    expect(cancelled).toBe(true)
  })
})

describe("suspend", () => {
  it("make() returning a non-future fails with InvalidArgument naming suspend", () => {
    const ex = new ManualExecutor()
    expect(() => ex.blockOn(suspend(() => 42 as unknown as Future<number>))).toThrow(InvalidArgument)
    expect(() => ex.blockOn(suspend(() => 42 as unknown as Future<number>))).toThrow(/suspend\(make\).*number/)
  })
})

describe("fuse", () => {
  it("terminated agrees with isTerminated", () => {
    const f = fuse(ready(1))
    expect(f.terminated).toBe(false)
    expect(f.poll(contextOf())).toBe(1)
    expect(f.isTerminated).toBe(true)
    expect(f.terminated).toBe(true)
    const g = fuse(pending())
    g.cancel()
    expect(g.terminated).toBe(true)
  })
})

describe("pollFn", () => {
  it("rejects a non-function onCancel at call time", () => {
    expect(() => pollFn(() => Pending, 5 as unknown as () => void)).toThrow(InvalidArgument)
  })
})

describe("rule 2 holds even with a schedule hook that runs the drain synchronously", () => {
  it("wake() never polls on its caller's stack", async () => {
    const { LocalExecutor } = await import("@pollable/core")
    const ex = new LocalExecutor({ schedule: (drain) => drain() })
    let depth = 0
    let polledInsideWake = false
    let waker: { wake(): void } | undefined
    let polls = 0
    const h = ex.spawn(
      pollFn<number>((cx) => {
        polls++
        if (depth > 0) polledInsideWake = true
        waker = cx.waker
        return polls >= 2 ? polls : Pending
      }),
    )
    await new Promise((r) => setTimeout(r, 0))
    expect(polls).toBe(1)
    depth++
    waker!.wake()
    depth--
    expect(polledInsideWake).toBe(false)
    expect(await h).toBe(2)
  })
})

describe("a throwing onSettle listener", () => {
  it(
    "does not stop the other listeners or the executor; " +
      "the error goes to the executor's fault reporter (rule 8), never to the host",
    async () => {
      const { LocalExecutor, ready } = await import("@pollable/core")
      const faults: unknown[] = []
      const ex = new LocalExecutor({ onFault: (e) => void faults.push(e) })
      const seen: string[] = []
      const uncaught: unknown[] = []
      const onUncaught = (e: unknown) => uncaught.push(e)
      const saved = process.listeners("uncaughtException")
      process.removeAllListeners("uncaughtException")
      process.on("uncaughtException", onUncaught)
      try {
        const h = ex.spawn(ready(1)) as unknown as { onSettle(l: (o: { _tag: string }) => void): void }
        h.onSettle(() => {
          throw new Error("listener bug")
        })
        h.onSettle((o) => seen.push(o._tag))
        const other = ex.spawn(ready(2))
        expect(await other).toBe(2)
        await new Promise((r) => setTimeout(r, 0))
        expect(seen).toEqual(["Success"])
        expect(uncaught).toEqual([])
        expect(faults).toHaveLength(1)
        expect((faults[0] as Error).message).toBe("listener bug")
      } finally {
        process.removeListener("uncaughtException", onUncaught)
        for (const l of saved) process.on("uncaughtException", l)
      }
    },
  )
})

describe("fromCallback(register, { dispose })", () => {
  it("releases a value resolved but never returned when the future is cancelled", async () => {
    const { fromCallback } = await import("@pollable/core")
    const { ManualExecutor } = await import("@pollable/core/testing")
    const disposed: string[] = []
    let resolve!: (v: string) => void
    const f = fromCallback<string>((r) => void (resolve = r), { dispose: (v) => disposed.push(v), label: "open()" })
    const ex = new ManualExecutor()
    const h = ex.spawn(f)
    ex.runUntilStalled()
    resolve("socket") // resolved, but the task has not polled it yet
    h.cancel()
    expect(disposed).toEqual(["socket"])
  })

  it("releases a value resolved after cancel, and never one that was handed out", async () => {
    const { fromCallback } = await import("@pollable/core")
    const { ManualExecutor } = await import("@pollable/core/testing")
    const disposed: string[] = []
    let late!: (v: string) => void
    const ex = new ManualExecutor()
    const h = ex.spawn(fromCallback<string>((r) => void (late = r), { dispose: (v) => disposed.push(v) }))
    ex.runUntilStalled()
    h.cancel()
    late("late socket")
    expect(disposed).toEqual(["late socket"])
    let now!: (v: string) => void
    const ok = ex.spawn(fromCallback<string>((r) => void (now = r), { dispose: (v) => disposed.push(v) }))
    ex.runUntilStalled()
    now("mine")
    ex.runUntilStalled()
    ok.cancel()
    expect(ok.outcome).toEqual({ _tag: "Success", value: "mine" })
    expect(disposed).toEqual(["late socket"])
  })

  it("labels error messages with the given label", async () => {
    const { fromCallback, PollAfterReady } = await import("@pollable/core")
    const { contextOf } = await import("@pollable/core/testing")
    const f = fromCallback<number>((r) => r(1), { label: "open(db)" })
    f.poll(contextOf())
    expect(() => f.poll(contextOf())).toThrow(PollAfterReady)
    expect(() => f.poll(contextOf())).toThrow(/open\(db\)/)
  })
})
