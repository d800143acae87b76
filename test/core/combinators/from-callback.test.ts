import { describe, expect, it } from "vitest"
import { Pending, fromCallback } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, contextOf } from "@pollable/core/testing"
import { Boom } from "../../support/probe.js"

const cx = contextOf()

describe("fromCallback", () => {
  it("resolves from a later callback, waking the latest waker", () => {
    let done: ((v: string) => void) | undefined
    const f = fromCallback<string>((res) => {
      done = res
    })
    const w = new CountingWaker()
    expect(f.poll(contextOf(w))).toBe(Pending)
    done!("x")
    done!("y") // ignored
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBe("x")
  })
  it("resolves synchronously inside register", () => {
    expect(fromCallback<number>((res) => res(7)).poll(cx)).toBe(7)
  })
  it("rejects with the given error; a throw in register is the failure", () => {
    const f = fromCallback<number, Boom>((_res, rej) => rej(new Boom("cb")))
    expect(() => f.poll(cx)).toThrow("cb")
    expect(() =>
      fromCallback(() => {
        throw new Boom("reg")
      }).poll(cx),
    ).toThrow("reg")
  })
  it("cleans up on cancel and on completion, exactly once", () => {
    let cleanups = 0
    let res: ((v: number) => void) | undefined
    const f = fromCallback<number>((r) => {
      res = r
      return () => cleanups++
    })
    f.poll(cx)
    res!(1)
    expect(f.poll(cx)).toBe(1)
    expect(cleanups).toBe(1)
    f.cancel()
    expect(cleanups).toBe(1)
  })
  it("cancel before the first poll never registers", () => {
    let registered = false
    const f = fromCallback(() => {
      registered = true
    })
    f.cancel()
    expect(registered).toBe(false)
  })
  it("a timer-backed source leaves nothing behind on cancel", () => {
    const clock = new VirtualClock()
    const after = (ms: number) =>
      fromCallback<void>((done) => {
        const e = clock.schedule(clock.now() + ms, { wake: () => done() })
        return () => e.cancel()
      })
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(after(10))
    ex.runUntilStalled()
    expect(clock.pendingTimers).toBe(1)
    h.cancel()
    expect(clock.pendingTimers).toBe(0)
  })
})
