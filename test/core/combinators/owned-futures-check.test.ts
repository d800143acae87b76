import { describe, expect, it } from "vitest"
import { joinAll, map, selectAll, sleep, yieldNow, gen, type Future } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"

// join/select of many futures check for a repeated future by marking core futures and task
// handles in place (no Set): the marks must catch repeats of every kind and never outlive the
// check, and no user code may run while they are set.

const N = 40

describe("the duplicate check of join and select over long lists", () => {
  it("refuses a task handle given twice, and leaves every handle joinable", () => {
    const ex = new ManualExecutor()
    const handles = Array.from({ length: N }, (_, i) =>
      ex.spawn(
        gen(function* () {
          yield* yieldNow()
          return i
        }),
      ),
    )
    refuses(() => joinAll([...handles, handles[5]!]), "joinAll()", /future #40 is the same future as #5/)
    refuses(() => selectAll([handles[0]!, ...handles]), "selectAll()", /future #1 is the same future as #0/)
    // the refused calls took nothing over: the same handles still join, in order
    expect(ex.blockOn(joinAll(handles))).toEqual(Array.from({ length: N }, (_, i) => i))
  })

  it("refuses a repeat among a mix of core futures, task handles and hand-written futures", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const core = Array.from({ length: 10 }, () => sleep(1))
    const tasks = Array.from({ length: 10 }, () => ex.spawn(sleep(1)))
    const hand: Future<number> = { poll: () => 1, cancel: () => {} }
    const mixed: Future<unknown>[] = [...core, ...tasks, hand]
    refuses(() => joinAll([...mixed, core[9]!]), "joinAll()", /future #21 is the same future as #9/)
    refuses(() => joinAll([...mixed, tasks[2]!]), "joinAll()", /future #21 is the same future as #12/)
    refuses(() => joinAll([...mixed, hand]), "joinAll()", /future #21 is the same future as #20/)
    expect(ex.blockOn(joinAll(mixed))).toHaveLength(21)
  })

  it("names a non-future in a long list before a repeat that comes earlier", () => {
    const many = Array.from({ length: N }, () => sleep(1))
    refuses(
      () => joinAll([...many, many[0]!, 42 as never]),
      "joinAll()",
      /future #41 \(counting from 0\) is a number \(42\)/,
    )
  })

  it("reads a hand-written future's methods only after every mark is cleared", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const many = Array.from({ length: N }, (_, i) => map(sleep(1), () => i))
    const task = ex.spawn(map(sleep(1), () => -2))
    // getters are user code: what they see of the other futures must be their real state (a
    // marked core future would look terminated, and polling it would throw PollAfterReady)
    const first = many[0] as unknown as { terminated: boolean }
    const seen: boolean[] = []
    const hand = {
      get poll() {
        seen.push(first.terminated)
        return () => -1
      },
      cancel: () => {},
    }
    const j = joinAll<number, never>([...many, task, hand as Future<number, never>])
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((s) => !s)).toBe(true)
    expect(ex.blockOn(j)).toHaveLength(N + 2)
  })
})
