import { describe, expect, it } from "vitest"
import { Interrupted, Pending } from "@pollable/core"
import { CountingWaker, ManualExecutor, contextOf } from "@pollable/core/testing"
import { fromPromise } from "@pollable/adapter-native"
import { macrotask } from "../support/runtime.js"

const never = () => new Promise<never>(() => {})

describe("fromPromise keeps naming its work after it started", () => {
  it("an outside abort after the thunk ran throws an Interrupted naming the thunk", () => {
    const ac = new AbortController()
    const f = fromPromise(
      function fetchPage() {
        return never()
      },
      { signal: ac.signal },
    )
    const cx = contextOf(new CountingWaker())
    expect(f.poll(cx)).toBe(Pending) // the thunk ran
    expect(String(f)).toBe("fromPromise(fetchPage)")
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

describe("fromPromise({ dispose }): a value that can no longer be delivered is released", () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void
    const promise = new Promise<T>((r) => (resolve = r))
    return { promise, resolve }
  }
  const tick = macrotask

  it("fulfilled after cancel (e.g. a timeout won while open() was pending)", async () => {
    const d = deferred<{ fd: number }>()
    const disposed: unknown[] = []
    const ex = new ManualExecutor()
    const h = ex.spawn(fromPromise(() => d.promise, { dispose: (v) => disposed.push(v) }))
    ex.runUntilStalled()
    h.cancel()
    const handle = { fd: 7 }
    d.resolve(handle)
    await tick()
    expect(disposed).toEqual([handle])
  })

  it("fulfilled, then cancelled before a poll returned it", async () => {
    const disposed: unknown[] = []
    const ex = new ManualExecutor()
    const h = ex.spawn(fromPromise(() => Promise.resolve("conn"), { dispose: (v) => disposed.push(v) }))
    ex.runUntilStalled()
    await tick()
    expect(ex.queued).toBe(1) // woken with the value, not yet polled
    h.cancel()
    expect(disposed).toEqual(["conn"])
  })

  it("an outside abort that wins over a fulfilled value releases it", async () => {
    const disposed: unknown[] = []
    const ac = new AbortController()
    const ex = new ManualExecutor()
    ex.spawn(fromPromise(() => Promise.resolve("conn"), { signal: ac.signal, dispose: (v) => disposed.push(v) }))
    ex.runUntilStalled()
    await tick()
    ac.abort()
    ex.runUntilStalled()
    expect(disposed).toEqual(["conn"])
  })

  it("a delivered value is the caller's: never disposed", async () => {
    const disposed: unknown[] = []
    const ex = new ManualExecutor()
    const h = ex.spawn(fromPromise(() => Promise.resolve("conn"), { dispose: (v) => disposed.push(v) }))
    ex.runUntilStalled()
    await tick()
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: "conn" })
    h.cancel()
    expect(disposed).toEqual([])
  })
})
