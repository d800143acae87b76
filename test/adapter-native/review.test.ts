import { describe, expect, it } from "vitest"
import { Interrupted, Pending } from "@pollable/core"
import { CountingWaker, ManualExecutor, contextOf } from "@pollable/core/testing"
import { fromPromise } from "@pollable/adapter-native"

const never = () => new Promise<never>(() => {})

describe("fromPromise keeps naming its work after it started", () => {
  it("an outside abort after the thunk ran throws an Interrupted naming the thunk", () => {
    const ac = new AbortController()
    const f = fromPromise(function fetchPage() {
      return never()
    }, { signal: ac.signal })
    const cx = contextOf(new CountingWaker())
    expect(f.poll(cx)).toBe(Pending) // the thunk ran
    expect(f.label).toBe("fromPromise(fetchPage)")
    ac.abort("user left")
    let thrown: unknown
    try {
      f.poll(cx)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(Interrupted)
    expect((thrown as Interrupted).what).toBe("fromPromise(fetchPage)")
    expect((thrown as Interrupted).reason).toBe("user left")
  })

  it("cancel after the thunk ran aborts the work with an Interrupted that names the thunk", () => {
    let workReason: unknown
    const f = fromPromise(function loadUser(signal) {
      signal.addEventListener("abort", () => (workReason = signal.reason))
      return never()
    })
    const ex = new ManualExecutor()
    const h = ex.spawn(f)
    ex.runUntilStalled()
    h.cancel()
    expect(workReason).toBeInstanceOf(Interrupted)
    expect((workReason as Interrupted).what).toBe("fromPromise(loadUser)")
  })
})
