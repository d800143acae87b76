import { afterEach, describe, expect, it } from "vitest"
import { Interrupted, InvalidArgument, Pending, fromCallback, setFaultReporter } from "@pollable/core"
import { CountingWaker, ManualExecutor, contextOf } from "@pollable/core/testing"

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

/** Collect what reaches the fault reporter during the test. */
function captureFaults(): unknown[] {
  const faults: unknown[] = []
  const prev = setFaultReporter((e) => faults.push(e))
  restore = () => setFaultReporter(prev)
  return faults
}

/** A fromCallback with a signal and a recording dispose, polled once (pending). */
function pendingWithSignal() {
  const ac = new AbortController()
  const disposed: string[] = []
  let resolve!: (v: string) => void
  const f = fromCallback<string>((r) => void (resolve = r), {
    signal: ac.signal,
    dispose: (v) => disposed.push(v),
  })
  const cx = contextOf(new CountingWaker())
  expect(f.poll(cx)).toBe(Pending)
  return { ac, disposed, resolve: (v: string) => resolve(v), f, cx }
}

describe("fromCallback({ signal }): an outside reason to stop", () => {
  it("aborted before the first poll: register never runs and the poll throws Interrupted with the reason", () => {
    const ac = new AbortController()
    ac.abort("gone")
    let registered = false
    const f = fromCallback<number>(
      () => {
        registered = true
      },
      { signal: ac.signal, label: "source" },
    )
    let thrown: unknown
    try {
      f.poll(contextOf(new CountingWaker()))
    } catch (e) {
      thrown = e
    }
    expect(registered).toBe(false)
    expect(thrown).toBeInstanceOf(Interrupted)
    expect((thrown as Interrupted).what).toBe("source")
    expect((thrown as Interrupted).reason).toBe("gone")
  })

  it("aborted while pending: the waker fires, the cleanup runs once, the task fails with Interrupted", () => {
    const ac = new AbortController()
    let cleanups = 0
    const ex = new ManualExecutor()
    const h = ex.spawn(
      fromCallback<number>(
        () => () => {
          cleanups++
        },
        { signal: ac.signal },
      ),
    )
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined()
    ac.abort("stop")
    ex.runUntilStalled()
    expect(cleanups).toBe(1)
    expect(h.outcome?._tag).toBe("Interrupted")
  })

  it("an abort wins over a value that arrived but was not returned yet, and dispose releases it", () => {
    const { ac, disposed, resolve, f, cx } = pendingWithSignal()
    resolve("conn")
    ac.abort()
    expect(() => f.poll(cx)).toThrow(Interrupted)
    expect(disposed).toEqual(["conn"])
  })

  it("a value that arrives after the abort is disposed", () => {
    const { ac, disposed, resolve, f, cx } = pendingWithSignal()
    ac.abort()
    expect(() => f.poll(cx)).toThrow(Interrupted)
    resolve("late")
    expect(disposed).toEqual(["late"])
  })

  it("the abort listener is removed once the future returned", () => {
    const ac = new AbortController()
    let resolve!: (v: number) => void
    const waker = new CountingWaker()
    const f = fromCallback<number>((r) => void (resolve = r), { signal: ac.signal })
    const cx = contextOf(waker)
    expect(f.poll(cx)).toBe(Pending)
    resolve(1)
    expect(f.poll(cx)).toBe(1)
    const wakes = waker.count
    ac.abort()
    expect(waker.count).toBe(wakes) // nothing listens any more
  })

  it("a signal that is not an AbortSignal is InvalidArgument at call time", () => {
    expect(() => fromCallback(() => {}, { signal: {} as AbortSignal })).toThrow(InvalidArgument)
    expect(() => fromCallback(() => {}, { signal: {} as AbortSignal })).toThrow(
      /fromCallback\(register, \{ signal \}\)/,
    )
  })
})

/** A fromCallback whose dispose throws `boom`, polled once (pending), with the faults captured. */
function pendingWithThrowingDispose() {
  const faults = captureFaults()
  const boom = new Error("close failed")
  let resolve!: (v: string) => void
  const f = fromCallback<string>((r) => void (resolve = r), {
    dispose: () => {
      throw boom
    },
  })
  expect(f.poll(contextOf(new CountingWaker()))).toBe(Pending)
  return { faults, boom, resolve: (v: string) => resolve(v), f }
}

describe("fromCallback: one policy for a throwing dispose (rule 8: reported, never thrown at the source)", () => {
  it("a value resolved after cancel whose dispose throws: resolve() returns, the throw is reported", () => {
    const { faults, boom, resolve, f } = pendingWithThrowingDispose()
    f.cancel()
    expect(() => resolve("late")).not.toThrow()
    expect(faults).toEqual([boom])
  })

  it("a value resolved but unreturned at cancel whose dispose throws: cancel() returns, the throw is reported", () => {
    const { faults, boom, resolve, f } = pendingWithThrowingDispose()
    resolve("conn")
    expect(() => f.cancel()).not.toThrow()
    expect(faults).toEqual([boom])
  })
})
