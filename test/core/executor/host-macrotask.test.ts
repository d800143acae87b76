import { describe, expect, it, vi } from "vitest"
import { hostMacrotask } from "@pollable/core"

describe("hostMacrotask", () => {
  it("runs callbacks in order, each after the current job's microtasks", async () => {
    const log: string[] = []
    await new Promise<void>((resolve) => {
      hostMacrotask(() => log.push("a"))
      hostMacrotask(() => {
        log.push("b")
        resolve()
      })
      queueMicrotask(() => log.push("microtask"))
    })
    expect(log).toEqual(["microtask", "a", "b"])
  })

  it("without setImmediate (browsers) it posts MessageChannel messages, not clamped timers", async () => {
    const timeout = vi.spyOn(globalThis, "setTimeout")
    vi.stubGlobal("setImmediate", undefined)
    try {
      const log: number[] = []
      await new Promise<void>((resolve) => {
        for (let i = 0; i < 5; i++) hostMacrotask(() => log.push(i))
        hostMacrotask(resolve)
        queueMicrotask(() => log.push(-1))
      })
      expect(log).toEqual([-1, 0, 1, 2, 3, 4])
      expect(timeout).not.toHaveBeenCalled()
    } finally {
      vi.unstubAllGlobals()
      timeout.mockRestore()
    }
  })
})
