import { describe, expect, it } from "vitest"
import { gen, join, LocalExecutor, ready, sleep, TimerQueue, hostClock } from "@pollable/core"

/** Which JavaScript runtime is executing this file, from the runtime's own globals. */
function detectRuntime(): string {
  const g = globalThis as {
    Bun?: unknown
    Deno?: unknown
    process?: { versions?: { node?: string } }
    navigator?: { userAgent?: string }
  }
  if (g.Bun !== undefined) return "bun"
  if (g.Deno !== undefined) return "deno"
  if (g.process?.versions?.node !== undefined && typeof (globalThis as { window?: unknown }).window === "undefined") {
    return `node${g.process.versions.node.split(".")[0]}`
  }
  if (g.navigator?.userAgent?.includes("Chrome")) return "chromium"
  return "unknown"
}

describe("cross-runtime matrix", () => {
  it("runs on the runtime the matrix asked for", () => {
    const expected = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      ?.POLLABLE_MATRIX_RUNTIME
    const actual = detectRuntime()
    console.log(`runtime: ${actual}`)
    if (expected !== undefined && expected !== "") expect(actual).toBe(expected)
    expect(actual).not.toBe("unknown")
  })

  it("core futures run on the host clock in this runtime", async () => {
    const ex = new LocalExecutor({ timer: new TimerQueue(hostClock()) })
    const v = await ex.spawn(
      gen(function* () {
        const [a, b] = yield* join(ready(1), ready(2))
        yield* sleep(5)
        return a + b
      }),
    )
    expect(v).toBe(3)
  })
})
