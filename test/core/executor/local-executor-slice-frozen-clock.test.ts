// LocalExecutor's slice still ends when the clock does not advance (rule 5).
import { afterEach, describe, expect, it, vi } from "vitest"
import { LocalExecutor, Pending, pollFn } from "@pollable/core"

/**
 * Spawns a task that wakes itself until it has been polled `limit` times, and returns how many
 * polls ran before the drain handed over to the host (two microtask turns later: the first
 * drain and nothing else).
 */
async function pollsInFirstDrain(ex: LocalExecutor, limit: number): Promise<number> {
  let polls = 0
  const spinner = ex.spawn(
    pollFn((cx) => {
      if (++polls >= limit) return polls
      cx.waker.wake()
      return Pending
    }),
  )
  await Promise.resolve()
  await Promise.resolve()
  const seen = polls
  spinner.cancel()
  return seen
}

describe("LocalExecutor slice on a clock that does not advance (rule 5)", () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it("under vi.useFakeTimers (performance.now frozen) a self-waking task still lets the host run", async () => {
    vi.useFakeTimers()
    // before the fix the drain polled until the task stopped waking itself: the clock never
    // reached the end of the slice, so a task waiting for a fake timer would spin forever
    const polls = await pollsInFirstDrain(new LocalExecutor({ budget: 100 }), 1_000_000)
    expect(polls).toBeLessThan(1_000_000)
    vi.clearAllTimers()
  })

  it("without performance, a backward jump of Date.now does not stretch the slice", async () => {
    vi.stubGlobal("performance", undefined)
    let t = 1_000_000
    let reads = 0
    // the system clock is set back an hour right after the slice started
    vi.spyOn(Date, "now").mockImplementation(() => (++reads === 1 ? t : (t = 1_000_000 - 3_600_000)))
    const polls = await pollsInFirstDrain(new LocalExecutor({ budget: 100 }), 1_000_000)
    expect(polls).toBeLessThan(1_000_000)
  })
})
