import { afterEach, describe, expect, it } from "vitest"
import { Deferred, Pending, PollAfterReady, gen, setFaultReporter, timeout, type Waker } from "@pollable/core"
import { CountingWaker, ManualExecutor, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom } from "../../support/probe.js"

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

describe("Deferred: a value many futures await", () => {
  it("every waiter, before and after, gets the value", () => {
    const ex = new ManualExecutor()
    const d = new Deferred<number>()
    const early = [
      ex.spawn(d.wait()),
      ex.spawn(d.wait()),
      ex.spawn(
        gen(function* () {
          return (yield* d.wait()) + 1
        }),
      ),
    ]
    ex.runUntilStalled()
    expect(d.waiting).toBe(3)
    expect(d.resolve(41)).toBe(true)
    ex.runUntilStalled()
    expect(early.map((h) => h.outcome)).toEqual([
      { _tag: "Success", value: 41 },
      { _tag: "Success", value: 41 },
      { _tag: "Success", value: 42 },
    ])
    expect(ex.blockOn(d.wait())).toBe(41) // a late waiter: ready at once
    expect(d.waiting).toBe(0)
  })
  it("reject: every waiter throws the typed error", () => {
    const d = new Deferred<number, Boom>()
    const a = d.wait()
    expect(a.poll(contextOf())).toBe(Pending)
    d.reject(new Boom("no"))
    expect(() => a.poll(contextOf())).toThrow("no")
    expect(() => d.wait().poll(contextOf())).toThrow(Boom)
  })
  it("settles once: a second resolve or reject returns false and changes nothing", () => {
    const d = new Deferred<number, Boom>()
    expect(d.isDone).toBe(false)
    expect(d.resolve(1)).toBe(true)
    expect(d.resolve(2)).toBe(false)
    expect(d.reject(new Boom())).toBe(false)
    expect(d.peek()).toBe(1)
    expect(d.isDone).toBe(true)
  })
  it("only the latest waker of each waiter is woken (rule 1)", () => {
    const d = new Deferred<void>()
    const f = d.wait()
    const w1 = new CountingWaker()
    const w2 = new CountingWaker()
    f.poll(contextOf(w1))
    f.poll(contextOf(w2))
    expect(d.waiting).toBe(1)
    d.resolve()
    expect([w1.count, w2.count]).toEqual([0, 1])
  })
  it("cancelling a waiter unlinks it and takes nothing from the others", () => {
    const d = new Deferred<number>()
    const a = d.wait()
    const b = d.wait()
    const wb = new CountingWaker()
    a.poll(contextOf(new CountingWaker()))
    b.poll(contextOf(wb))
    a.cancel()
    expect(d.waiting).toBe(1)
    d.resolve(3)
    expect(wb.count).toBe(1)
    expect(b.poll(contextOf())).toBe(3)
    expect(() => a.poll(contextOf())).toThrow(PollAfterReady)
  })
  it("a waker that throws is reported; the other waiters are still woken (rule 8)", () => {
    const faults: unknown[] = []
    const prev = setFaultReporter((e) => void faults.push(e))
    restore = () => void setFaultReporter(prev)
    const d = new Deferred<number>()
    const bad: Waker = {
      wake: () => {
        throw new Error("bad waker")
      },
    }
    const good = new CountingWaker()
    d.wait().poll(contextOf(bad))
    d.wait().poll(contextOf(good))
    d.resolve(1)
    expect(good.count).toBe(1)
    expect(faults).toHaveLength(1)
  })
  it("no leak when a waiting wait is cancelled by a timeout", () => {
    const d = new Deferred<number>()
    checkNoLeaks(() => timeout(d.wait(), 10), 20)
    expect(d.waiting).toBe(0)
  })
})
