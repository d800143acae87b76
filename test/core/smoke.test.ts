import { describe, expect, it } from "vitest"
import { andThen, gen, join, map, ready, select, sleep, timeout, TimeoutError } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

describe("smoke", () => {
  it("runs gen with sleeps on a virtual clock", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const v = ex.blockOn(
      gen(function* () {
        yield* sleep(10)
        const [a, b] = yield* join(
          map(sleep(5), () => 1),
          ready(2),
        )
        const s = yield* select(
          sleep(100),
          map(sleep(1), () => "x"),
        )
        return a + b + String(s.value)
      }),
    )
    expect(v).toBe("3x")
    expect(clock.now()).toBe(16)
  })
  it("deep andThen", () => {
    const ex = new ManualExecutor()
    let f = ready(0) as any
    for (let i = 0; i < 100_000; i++) f = andThen(f, (v: number) => ready(v + 1))
    expect(ex.blockOn(f)).toBe(100_000)
  })
  it("timeout", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    expect(() => ex.blockOn(timeout(sleep(100), 10))).toThrow(TimeoutError)
  })
})
