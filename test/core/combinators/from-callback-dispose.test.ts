// fromCallback(register, { dispose }) releases a value that can no longer be delivered.
import { describe, expect, it } from "vitest"

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
