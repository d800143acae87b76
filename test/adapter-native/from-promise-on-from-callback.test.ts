// fromPromise is fromCallback with a promise as the source: the same abort, cancel and
// dispose policy, plus the work's own AbortSignal.
import { afterEach, describe, expect, it } from "vitest"
import { Interrupted, setFaultReporter } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { fromPromise } from "@pollable/adapter-native"
import { macrotask } from "../support/runtime.js"

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

const deferred = <T>() => {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe("fromPromise on fromCallback", () => {
  it("a throwing dispose is reported to the fault reporter, never an unhandled rejection", async () => {
    const faults: unknown[] = []
    const prev = setFaultReporter((e) => faults.push(e))
    restore = () => setFaultReporter(prev)
    const boom = new Error("close failed")
    const d = deferred<string>()
    const ex = new ManualExecutor()
    const h = ex.spawn(
      fromPromise(() => d.promise, {
        dispose: () => {
          throw boom
        },
      }),
    )
    ex.runUntilStalled()
    h.cancel()
    d.resolve("late handle")
    await macrotask()
    expect(faults).toEqual([boom])
  })

  it("the work's signal stays unaborted once the promise settled and its value was returned", async () => {
    let work: AbortSignal | undefined
    const ex = new ManualExecutor()
    const h = ex.spawn(
      fromPromise((signal) => {
        work = signal
        return Promise.resolve("response")
      }),
    )
    ex.runUntilStalled()
    await macrotask()
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: "response" })
    expect(work?.aborted).toBe(false) // a fetch body read after the response stays readable
  })

  it("an outside abort aborts the pending work with the abort's reason", () => {
    let work: AbortSignal | undefined
    const ac = new AbortController()
    const ex = new ManualExecutor()
    const h = ex.spawn(
      fromPromise(
        (signal) => {
          work = signal
          return new Promise<never>(() => {})
        },
        { signal: ac.signal },
      ),
    )
    ex.runUntilStalled()
    ac.abort("user left")
    ex.runUntilStalled()
    expect(work?.aborted).toBe(true)
    expect(work?.reason).toBe("user left")
    expect(h.outcome?._tag).toBe("Interrupted")
  })

  it("cancel aborts the pending work with an Interrupted naming the thunk", () => {
    let work: AbortSignal | undefined
    const ex = new ManualExecutor()
    const h = ex.spawn(
      fromPromise(function loadUser(signal) {
        work = signal
        return new Promise<never>(() => {})
      }),
    )
    ex.runUntilStalled()
    h.cancel()
    expect(work?.reason).toBeInstanceOf(Interrupted)
    expect((work!.reason as Interrupted).what).toBe("fromPromise(loadUser)")
  })
})
