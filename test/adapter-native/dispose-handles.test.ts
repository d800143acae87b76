import { describe, expect, it, vi } from "vitest"
import { BlockingPool, NativeExecutor, toPromise } from "@pollable/adapter-native"
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
