/**
 * Scopes and JoinSets poll their children inside the task that drives them: a snapshot of
 * that task shows each child's wait under it.
 */
import { describe, expect, it } from "vitest"
import { JoinSet, mpsc, oneshot, scope, sleep } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

describe("children of scopes and JoinSets in the wait chain", () => {
  it("a scope's task waits on each running child", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const [, rx] = mpsc<number>(1)
    ex.spawn(
      scope(function* (s) {
        s.spawn(sleep(10))
        s.spawn(rx.recv())
        yield* sleep(30)
      }),
      { name: "scoped work" },
    )
    ex.runUntilStalled()
    const waits = ex.tasks()[0]!.waitingOn
    expect(waits).toContain("timer at t=10 (sleep(10))")
    expect(waits).toContain("mpsc receive (0 queued)")
    expect(waits).toContain("timer at t=30 (sleep(30))")
  })
  it("a task awaiting joinNext() waits on the set's members", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const set = new JoinSet<unknown>()
    const [, orx] = oneshot<number>()
    set.spawn(orx)
    set.spawn(sleep(5))
    ex.spawn(set.joinNext(), { name: "collector" })
    ex.runUntilStalled()
    expect(ex.tasks()[0]!.waitingOn).toEqual(["oneshot receive (nothing sent yet)", "timer at t=5 (sleep(5))"])
  })
})
