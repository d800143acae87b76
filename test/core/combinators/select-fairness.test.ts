import { describe, expect, it } from "vitest"
import { Pending, map, ready, select, selectAll, selectFair, sleep } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, contextOf, seedSelect } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

const wins = (n: number, runs: number, make: () => { poll: (cx: ReturnType<typeof contextOf>) => unknown }) => {
  const counts = new Array<number>(n).fill(0)
  for (let k = 0; k < runs; k++) counts[(make().poll(contextOf()) as { index: number }).index]!++
  return counts
}

describe("select gives ties to the earliest argument; selectFair draws them", () => {
  it("select and selectAll: the earliest ready argument wins every tie (priority order)", () => {
    expect(wins(3, 500, () => select(ready("a"), ready("b"), ready("c")))).toEqual([500, 0, 0])
    expect(wins(3, 500, () => selectAll([ready(0), ready(1), ready(2)]))).toEqual([500, 0, 0])
  })
  it("selectFair: over 3,000 ties among 3 ready futures each wins about a third, the same under the same seed", () => {
    seedSelect(1)
    const counts = wins(3, 3_000, () => selectFair(ready("a"), ready("b"), ready("c")))
    for (const c of counts) {
      expect(c).toBeGreaterThan(850)
      expect(c).toBeLessThan(1_150)
    }
    seedSelect(1)
    expect(wins(3, 3_000, () => selectFair(ready("a"), ready("b"), ready("c")))).toEqual(counts)
    seedSelect(7)
    const all = wins(4, 4_000, () => selectAll([ready(0), ready(1), ready(2), ready(3)], { fair: true }))
    expect(Math.min(...all)).toBeGreaterThan(850)
  })
  it("selectFair never changes who wins when only one is ready; index is the argument's; losers cancelled", () => {
    seedSelect(3)
    for (let k = 0; k < 200; k++) {
      const p = new Probe<number>("slow")
      expect(selectFair(p, ready("x"), new Probe<number>("slower")).poll(contextOf())).toEqual({ index: 1, value: "x" })
      expect(p.cancelled).toBe(true)
    }
  })
  it("selectFair: time still decides, and no timer is left", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    for (let k = 0; k < 50; k++) {
      expect(
        ex.blockOn(
          selectFair(
            map(sleep(20), () => "late"),
            map(sleep(10), () => "early"),
          ),
        ),
      ).toEqual({ index: 1, value: "early" })
    }
    expect(clock.pendingTimers).toBe(0)
  })
  it("the draw happens at the first poll (rule 7): a selectFair cancelled unpolled draws nothing", () => {
    seedSelect(5)
    const first = wins(2, 20, () => selectFair(ready(0), ready(1)))
    seedSelect(5)
    selectFair(ready(0), ready(1)).cancel()
    expect(wins(2, 20, () => selectFair(ready(0), ready(1)))).toEqual(first)
    expect(selectFair(new Probe<number>(), new Probe<number>()).poll(contextOf(new CountingWaker()))).toBe(Pending)
  })
  it("bad input: selectAll's fair option must be a boolean; seedSelect needs a finite number", () => {
    expect(() => selectAll([ready(1)], { fair: "yes" as never })).toThrow(/fair/)
    expect(() => seedSelect("x" as never)).toThrow(/seedSelect/)
  })
})
