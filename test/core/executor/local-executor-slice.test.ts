import { describe, expect, it } from "vitest"
import { LocalExecutor, Pending, pollFn } from "@pollable/core"

describe("LocalExecutor slice (how long a busy drain polls before yielding to the host)", () => {
  /** Spawns a task that wakes itself forever; resolves with its poll count when a host macrotask runs. */
  const pollsBeforeMacrotask = async (ex: LocalExecutor): Promise<number> => {
    let polls = 0
    const spinner = ex.spawn(
      pollFn((cx) => {
        polls++
        cx.waker.wake()
        return Pending
      }),
    )
    const seen = await new Promise<number>((resolve) => setImmediate(() => resolve(polls)))
    spinner.cancel()
    return seen
  }

  it("slice: 0 yields after every batch of `budget` polls", async () => {
    expect(await pollsBeforeMacrotask(new LocalExecutor({ budget: 10, slice: 0 }))).toBeLessThanOrEqual(10)
  })

  it("with a slice, a full batch is followed by more batches before the host gets its turn", async () => {
    // the slice clock is read only after the second batch, so at least two always run
    expect(await pollsBeforeMacrotask(new LocalExecutor({ budget: 10, slice: 50 }))).toBeGreaterThanOrEqual(20)
  })

  it("the default hooks use a slice; custom hooks (an adapter's scheduler, a virtual clock) do not", async () => {
    expect(await pollsBeforeMacrotask(new LocalExecutor({ budget: 10 }))).toBeGreaterThanOrEqual(20)
    let yields = 0
    const ex = new LocalExecutor({
      budget: 10,
      yieldToHost: (drain) => {
        yields++
        setImmediate(drain)
      },
    })
    expect(await pollsBeforeMacrotask(ex)).toBeLessThanOrEqual(10)
    expect(yields).toBeGreaterThan(0)
  })

  it("rejects a negative or non-number slice", () => {
    expect(() => new LocalExecutor({ slice: -1 })).toThrow(/slice/)
    expect(() => new LocalExecutor({ slice: Number.NaN })).toThrow(/slice/)
  })
})
