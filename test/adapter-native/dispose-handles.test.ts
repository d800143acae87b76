import { describe, expect, it, vi } from "vitest"
import { NativeExecutor, toPromise } from "@pollable/adapter-native"
import { BlockingPool } from "@pollable/adapter-native/blocking"
import { listen } from "@pollable/adapter-native/io"

const ex = new NativeExecutor({ unref: true })
const jobs = new URL("./fixtures/blocking-jobs.mjs", import.meta.url)

describe("Symbol.dispose / asyncDispose on adapter-native handles", () => {
  it("Listener: `using` stops listening at the end of the block", async () => {
    const listener = await toPromise(listen(0), { executor: ex })
    {
      using l = listener
      expect(l.closed).toBe(false)
    }
    expect(listener.closed).toBe(true)
  })
  it("BlockingPool: `await using` stops its threads; the pool can be used again", async () => {
    const pool = new BlockingPool({ maxThreads: 1 })
    const close = vi.spyOn(pool, "close")
    {
      await using p = pool
      expect(await toPromise(p.spawnBlocking<number>(jobs, "sum", [1, 2]), { executor: ex })).toBe(3)
      expect(close).not.toHaveBeenCalled()
    }
    expect(close).toHaveBeenCalledTimes(1)
    expect(await toPromise(pool.spawnBlocking<number>(jobs, "sum", [2, 2]), { executor: ex })).toBe(4)
    await pool.close()
  })
})

describe("Symbol.dispose on the adapters' executors", () => {
  it("NativeExecutor: `using` cancels its tasks, so no host timer is left", async () => {
    const { sleep, gen } = await import("@pollable/core")
    let h
    let cleaned = false
    {
      using ex2 = new NativeExecutor({ unref: true })
      h = ex2.spawn(
        gen(function* () {
          try {
            yield* sleep(60_000)
          } finally {
            cleaned = true
          }
        }),
      )
      await new Promise((r) => setTimeout(r, 0))
    }
    expect(cleaned).toBe(true)
    expect(h.outcome?._tag).toBe("Interrupted")
  })
})
