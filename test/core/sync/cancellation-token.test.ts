import { afterEach, describe, expect, it } from "vitest"
import { CancellationToken, Interrupted, InvalidArgument, Pending, gen, setFaultReporter, sleep } from "@pollable/core"
import { CountingWaker, ManualExecutor, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

describe("CancellationToken", () => {
  it("cancel() wakes cancelled() waiters, records the first reason, and is idempotent", () => {
    const t = new CancellationToken()
    const w = new CountingWaker()
    const f = t.cancelled()
    expect(f.poll(contextOf(w))).toBe(Pending)
    t.cancel("first")
    t.cancel("second")
    expect(w.count).toBe(1)
    expect(t.isCancelled).toBe(true)
    expect(t.reason).toBe("first")
    expect(f.poll(contextOf())).toBeUndefined()
    expect(t.cancelled().poll(contextOf())).toBeUndefined() // already cancelled: ready at once
  })
  it("cancelling a parent cancels the whole subtree with its reason; a child never cancels its parent", () => {
    const root = new CancellationToken()
    const a = root.child()
    const a1 = a.child()
    const b = root.child()
    a.cancel("only a")
    expect([root.isCancelled, a.isCancelled, a1.isCancelled, b.isCancelled]).toEqual([false, true, true, false])
    expect(a1.reason).toBe("only a")
    root.cancel("all")
    expect(b.isCancelled).toBe(true)
    expect(b.reason).toBe("all")
    expect(root.child().isCancelled).toBe(true) // born cancelled
    expect(root.child().reason).toBe("all")
  })
  it("a cancelled child unlinks from its parent: cancelling the parent later does not reach it", () => {
    const root = new CancellationToken()
    let calls = 0
    for (let i = 0; i < 1_000; i++) {
      using c = root.child() // disposed = cancelled at the end of each iteration
      c.onCancel(() => void calls++)
    }
    expect(calls).toBe(1_000)
    root.cancel()
    expect(calls).toBe(1_000)
  })
  it("runUntilCancelled: Interrupted with the reason, the inner future cancelled", () => {
    const ex = new ManualExecutor()
    const t = new CancellationToken()
    const p = new Probe<number>("work")
    const h = ex.spawn(t.runUntilCancelled(p))
    ex.runUntilStalled()
    t.cancel("shutdown")
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Interrupted") // a thrown Interrupted is the interrupted outcome
    expect(p.cancelled).toBe(true)
  })
  it("runUntilCancelled: the value when the future finishes first; its waiter is unlinked", () => {
    const ex = new ManualExecutor()
    const t = new CancellationToken()
    const p = new Probe<number>("work")
    const f = t.runUntilCancelled(p)
    const h = ex.spawn(f)
    ex.runUntilStalled()
    p.resolve(7)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    expect(t.waiters.length).toBe(0)
    const cancelledFirst = new CancellationToken()
    cancelledFirst.cancel()
    const q = new Probe<number>("never polled")
    expect(() => cancelledFirst.runUntilCancelled(q).poll(contextOf())).toThrow(Interrupted)
    expect(q.polls).toBe(0)
  })
  it("toAbortSignal aborts with the reason; the same signal each call", () => {
    const t = new CancellationToken()
    const s = t.toAbortSignal()
    expect(t.toAbortSignal()).toBe(s)
    expect(s.aborted).toBe(false)
    t.child().cancel()
    expect(s.aborted).toBe(false)
    t.cancel("stop")
    expect(s.aborted).toBe(true)
    expect(s.reason).toBe("stop")
    const late = new CancellationToken()
    late.cancel("already")
    expect(late.toAbortSignal().reason).toBe("already")
  })
  it("fromAbortSignal: cancelled on abort with signal.reason; the listener is removed on other cancels", () => {
    const ac = new AbortController()
    const t = CancellationToken.fromAbortSignal(ac.signal)
    ac.abort("user")
    expect(t.isCancelled).toBe(true)
    expect(t.reason).toBe("user")
    expect(CancellationToken.fromAbortSignal(AbortSignal.abort("done")).reason).toBe("done")
    const ac2 = new AbortController()
    let removed = 0
    const signal = ac2.signal
    const orig = signal.removeEventListener.bind(signal)
    signal.removeEventListener = ((...args: Parameters<AbortSignal["removeEventListener"]>) => (
      removed++, orig(...args)
    )) as AbortSignal["removeEventListener"]
    CancellationToken.fromAbortSignal(signal).cancel()
    expect(removed).toBe(1)
  })
  it("an onCancel callback or waker that throws is reported; the rest still run (rule 8)", () => {
    const faults: unknown[] = []
    const prev = setFaultReporter((e) => void faults.push(e))
    restore = () => void setFaultReporter(prev)
    const t = new CancellationToken()
    const child = t.child()
    let ran = 0
    t.onCancel(() => {
      throw new Error("cb")
    })
    t.onCancel(() => void ran++)
    t.cancelled().poll(
      contextOf({
        wake: () => {
          throw new Error("waker")
        },
      }),
    )
    const w = new CountingWaker()
    t.cancelled().poll(contextOf(w))
    t.cancel()
    expect(ran).toBe(1)
    expect(w.count).toBe(1)
    expect(child.isCancelled).toBe(true)
    expect(faults.map((e) => (e as Error).message).sort()).toEqual(["cb", "waker"])
  })
  it("onCancel's unregister function removes the callback", () => {
    const t = new CancellationToken()
    let n = 0
    const off = t.onCancel(() => void n++)
    off()
    t.cancel()
    expect(n).toBe(0)
  })
  it("cancelled() waiters leave nothing behind when cancelled (leak check)", () => {
    const t = new CancellationToken()
    checkNoLeaks(
      () =>
        gen(function* () {
          yield* t.cancelled()
        }),
      5,
    )
    checkNoLeaks(() => t.runUntilCancelled(sleep(100)), 5)
    expect(t.waiters.length).toBe(0)
  })
  it("bad input is InvalidArgument", () => {
    const t = new CancellationToken()
    expect(() => t.onCancel(3 as never)).toThrow(InvalidArgument)
    expect(() => t.runUntilCancelled({} as never)).toThrow(/runUntilCancelled\(future\).*expected a future/)
    expect(() => CancellationToken.fromAbortSignal({} as never)).toThrow(/fromAbortSignal.*AbortSignal/)
  })
})
