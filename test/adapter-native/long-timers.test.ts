import { afterEach, describe, expect, it, vi } from "vitest"
import { pending, sleep, timeout } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"

const days30 = 30 * 24 * 3600 * 1000

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe("NativeExecutor: sleeps and timeouts of 2^31 ms or more", () => {
  it("never hands setTimeout a delay the host would clamp to 1 ms, and emits no TimeoutOverflowWarning", async () => {
    const delays: number[] = []
    const real = globalThis.setTimeout
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0)
      return real(fn, ms)
    }) as typeof setTimeout)
    const warnings: string[] = []
    const onWarning = (w: Error) => void warnings.push(w.name)
    process.on("warning", onWarning)
    try {
      const ex = new NativeExecutor({ unref: true })
      const h = ex.spawn(timeout(pending<number>(), days30))
      await new Promise<void>((r) => setImmediate(r))
      await new Promise<void>((r) => setImmediate(r))
      expect(delays.length).toBeGreaterThan(0)
      expect(Math.max(...delays)).toBeLessThan(2 ** 31 - 1)
      h.cancel()
      await new Promise<void>((r) => setImmediate(r))
      expect(warnings.filter((n) => n === "TimeoutOverflowWarning")).toEqual([])
    } finally {
      process.off("warning", onWarning)
    }
  })

  it("a sleep of 30 days ends on time (fake host clock)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] })
    const ex = new NativeExecutor()
    const h = ex.spawn(sleep(days30))
    await vi.advanceTimersByTimeAsync(days30 - 1)
    expect(h.outcome).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(h.outcome).toEqual({ _tag: "Success", value: undefined })
  })
})
