import { afterAll, describe, expect, it } from "vitest"
import { settle } from "@pollable/core"
import { NativeExecutor, toPromise } from "@pollable/adapter-native"
import { BlockingPool, spawnBlocking, defaultBlockingPool } from "@pollable/adapter-native/blocking"

const ex = new NativeExecutor({ unref: true })
const pool = new BlockingPool({ maxThreads: 1 })
const jobs = new URL("./fixtures/blocking-jobs.mjs", import.meta.url)

afterAll(async () => {
  await pool.close()
  await defaultBlockingPool().close()
})

describe("spawnBlocking", () => {
  it("runs a self-contained function on a worker thread", async () => {
    // (inside vitest, `import()` in fn would be rewritten by vite; plain code only here)
    ;(globalThis as Record<string, unknown>).__pollableMainRealm = true
    const f = spawnBlocking(
      (a: number, b: number) => ({
        sum: a + b,
        mainRealm: (globalThis as Record<string, unknown>).__pollableMainRealm === true,
      }),
      2,
      3,
    )
    expect(await toPromise(f, { executor: ex })).toEqual({ sum: 5, mainRealm: false })
    delete (globalThis as Record<string, unknown>).__pollableMainRealm
  })

  it("runs a module export with arguments; a throw is the future's failure", async () => {
    expect(await toPromise(pool.spawnBlocking<number>(jobs, "sum", [1, 2, 3]), { executor: ex })).toBe(6)
    const o = await toPromise(settle(pool.spawnBlocking(jobs, "missing", [])), { executor: ex })
    expect(o._tag).toBe("Failure")
    expect(o._tag === "Failure" && String(o.error)).toMatch(/no exported function "missing"/)
  })

  it("is lazy, and cancelling a queued job removes it before it runs", async () => {
    const sab = new SharedArrayBuffer(8)
    const gate = new Int32Array(sab)
    const lazyJob = pool.spawnBlocking(jobs, "gated", [sab])
    expect(pool.queued).toBe(0) // not submitted: never polled
    lazyJob.cancel()

    const running = ex.spawn(pool.spawnBlocking<number>(jobs, "gated", [sab])) // takes the only thread
    const queued = ex.spawn(pool.spawnBlocking<number>(jobs, "gated", [sab]))
    for (let i = 0; i < 200 && pool.queued < 1; i++) await new Promise((r) => setTimeout(r, 5))
    expect(pool.queued).toBe(1)
    queued.cancel()
    expect(pool.queued).toBe(0)
    Atomics.store(gate, 0, 1)
    Atomics.notify(gate, 0)
    expect(await running).toBe(1)
    await new Promise((r) => setTimeout(r, 20))
    expect(Atomics.load(gate, 1)).toBe(1) // only the running job ever ran
    expect(queued.outcome).toEqual({ _tag: "Interrupted" })
  })
})
