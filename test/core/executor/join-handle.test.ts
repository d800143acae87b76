import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { Interrupted, LocalExecutor, PollAfterReady, lazy, map, ready, sleep } from "@pollable/core"
import { ManualExecutor, VirtualClock, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

describe("JoinHandle", () => {
  it("is a Future: another task can await it", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const a = ex.spawn(map(sleep(10), () => 5))
    const b = ex.spawn(map(a, (x) => x * 2))
    clock.advance(10)
    expect(b.outcome).toEqual({ _tag: "Success", value: 10 })
    expect(() => a.poll(contextOf())).toThrow(PollAfterReady) // b consumed it
  })

  it("is PromiseLike: await gives the value, failures reject", async () => {
    const ex = new LocalExecutor()
    await expect(ex.spawn(ready("v"))).resolves.toBe("v")
    await expect(
      ex.spawn(
        lazy(() => {
          throw new Boom("no")
        }),
      ),
    ).rejects.toThrow("no")
    const h = ex.spawn(ready(1))
    expect(await h).toBe(1)
    expect(await h).toBe(1) // then can be used many times
  })

  it("cancel settles it as interrupted; awaiting it rejects with Interrupted", async () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const h = ex.spawn(sleep(100))
    ex.runUntilStalled()
    const awaited = h.then(
      () => "resolved",
      (e: unknown) => e,
    )
    h.cancel()
    h.cancel()
    const err = await awaited
    expect(err).toBeInstanceOf(Interrupted)
    expect((err as Error).message).toMatch(/^task#\d+ was cancelled before it completed; handle cancellation/)
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    await expect(h).rejects.toBeInstanceOf(Interrupted) // awaited after cancel too
  })

  it("cancel of a finished task changes nothing", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(ready(1))
    ex.runUntilStalled()
    h.cancel()
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
  })

  it("a cancelled, still-queued task is dropped without a poll", () => {
    const ex = new ManualExecutor()
    const p = new Probe()
    const h = ex.spawn(p)
    h.cancel()
    ex.runUntilStalled()
    expect(p.polls).toBe(0)
    expect(p.cancels).toBe(1)
  })

  it("polling a cancelled handle throws Interrupted", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(ready(1))
    h.cancel()
    expect(() => h.poll(contextOf())).toThrow(Interrupted)
  })

  describe("no unhandled rejection when nobody awaits a failed task", () => {
    const seen: unknown[] = []
    const onUnhandled = (e: unknown): void => {
      seen.push(e)
    }
    beforeEach(() => {
      seen.length = 0
      process.on("unhandledRejection", onUnhandled)
    })
    afterEach(() => {
      process.off("unhandledRejection", onUnhandled)
    })
    it("failed and cancelled tasks nobody awaits", async () => {
      const ex = new LocalExecutor({ timer: new VirtualClock() })
      const failed = ex.spawn(
        lazy(() => {
          throw new Boom("ignored")
        }),
      )
      const cut = ex.spawn(sleep(10))
      await new Promise((r) => setTimeout(r, 0))
      cut.cancel()
      await new Promise((r) => setTimeout(r, 0))
      expect(failed.outcome?._tag).toBe("Failure")
      expect(cut.outcome?._tag).toBe("Interrupted")
      expect(seen).toEqual([])
    })
  })

  it("onSettle listeners get the outcome, also when registered late", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(ready(2)) as ReturnType<ManualExecutor["spawn"]> & { onSettle(l: (o: unknown) => void): void }
    const got: unknown[] = []
    h.onSettle((o) => got.push(o))
    ex.runUntilStalled()
    h.onSettle((o) => got.push(o))
    expect(got).toEqual([
      { _tag: "Success", value: 2 },
      { _tag: "Success", value: 2 },
    ])
  })
})
