import { afterEach, describe, expect, it } from "vitest"
import { Barrier, InvalidArgument, Pending, gen, setFaultReporter, timeout } from "@pollable/core"
import { CountingWaker, ManualExecutor, checkNoLeaks, contextOf } from "@pollable/core/testing"

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

describe("Barrier", () => {
  it("releases all n parties together, exactly one of them the leader, then resets", () => {
    const ex = new ManualExecutor()
    const b = new Barrier(3)
    const spawn = (n: number) => Array.from({ length: n }, () => ex.spawn(b.wait()))
    const first = spawn(2)
    ex.runUntilStalled()
    expect(b.waiting).toBe(2)
    expect(first.every((h) => h.outcome === undefined)).toBe(true)
    const rest = spawn(3)
    ex.runUntilStalled()
    // the 3rd wait completed round 1; the next two wait in round 2
    const done = [...first, ...rest].filter((h) => h.outcome !== undefined)
    expect(done).toHaveLength(3)
    expect(done.filter((h) => (h.outcome as { value: { isLeader: boolean } }).value.isLeader)).toHaveLength(1)
    expect(b.waiting).toBe(2)
  })
  it("a wait arrives at its first poll, not at creation (rule 7)", () => {
    const b = new Barrier(2)
    const a = b.wait()
    b.wait()
    expect(b.waiting).toBe(0)
    expect(a.poll(contextOf())).toBe(Pending)
    expect(b.waiting).toBe(1)
  })
  it("cancel safety: a wait cancelled before its round completes withdraws its arrival", () => {
    const b = new Barrier(2)
    const a = b.wait()
    a.poll(contextOf())
    a.cancel()
    expect(b.waiting).toBe(0)
    const c = b.wait()
    const w = new CountingWaker()
    expect(c.poll(contextOf(w))).toBe(Pending) // still needs a second party
    expect(b.wait().poll(contextOf())).toEqual({ isLeader: true })
    expect(w.count).toBe(1)
    expect(c.poll(contextOf())).toEqual({ isLeader: false })
  })
  it("a wait cancelled after its round completed changes nothing in the next round", () => {
    const b = new Barrier(2)
    const a = b.wait()
    a.poll(contextOf())
    b.wait().poll(contextOf())
    a.cancel() // released but never polled out
    expect(b.waiting).toBe(0)
  })
  it("Barrier(1): every wait is the leader at once", () => {
    const ex = new ManualExecutor()
    const b = new Barrier(1)
    expect(
      ex.blockOn(
        gen(function* () {
          return (yield* b.wait()).isLeader
        }),
      ),
    ).toBe(true)
  })
  it("a waker that throws is reported; the other parties are released (rule 8)", () => {
    const faults: unknown[] = []
    const prev = setFaultReporter((e) => void faults.push(e))
    restore = () => void setFaultReporter(prev)
    const b = new Barrier(3)
    b.wait().poll(
      contextOf({
        wake: () => {
          throw new Error("bad")
        },
      }),
    )
    const w = new CountingWaker()
    b.wait().poll(contextOf(w))
    b.wait().poll(contextOf())
    expect(w.count).toBe(1)
    expect(faults).toHaveLength(1)
  })
  it("bad input and leak check", () => {
    expect(() => new Barrier(0)).toThrow(InvalidArgument)
    expect(() => new Barrier(1.5)).toThrow(/new Barrier\(n\).*got 1\.5/)
    const b = new Barrier(2)
    checkNoLeaks(() => timeout(b.wait(), 5), 10)
    expect(b.waiting).toBe(0)
  })
})
