/**
 * `onWake` is told from the run queue, not from `wake()`: each wake exactly once, with the
 * task whose poll made it (before that poll's `onPollEnd`), or with no task for a wake from
 * outside the executor's polls (before the woken task's next `onPollStart`).
 */
import { afterEach, describe, expect, it } from "vitest"
import { LocalExecutor, Pending, installHooks, pollFn, type ExecutorHooks, type Waker } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"

const recorder = (log: string[]): ExecutorHooks => ({
  onPollStart: (t) => log.push(`poll ${t.name}`),
  onPollEnd: (t) => log.push(`polled ${t.name}`),
  onWake: (t, by) => log.push(`wake ${t.name}${by === undefined ? "" : ` by ${by.name}`}`),
})

/** A task that parks its waker in `slot` and stays pending until `done()`. */
function parked(slot: { waker?: Waker }, done = () => false) {
  return pollFn((cx) => {
    if (done()) return 1
    slot.waker = cx.waker
    return Pending
  })
}

describe("onWake", () => {
  let remove: (() => void) | undefined
  afterEach(() => {
    remove?.()
    remove = undefined
  })

  it("tells a wake made by a poll with the polling task, before that poll's onPollEnd", () => {
    const log: string[] = []
    const ex = new ManualExecutor({ hooks: recorder(log) })
    const slot: { waker?: Waker } = {}
    ex.spawn(parked(slot), { name: "sleepy" })
    ex.runUntilStalled()
    ex.spawn(
      pollFn(() => {
        slot.waker!.wake()
        slot.waker!.wake() // coalesced: the task is already queued
        return 0
      }),
      { name: "waker" },
    )
    log.length = 0
    ex.runUntilStalled()
    expect(log).toEqual([
      "wake waker",
      "poll waker",
      "wake sleepy by waker",
      "polled waker",
      "poll sleepy",
      "polled sleepy",
    ])
  })

  it("tells a wake from outside the executor's polls once, with no task, before the woken task's poll", () => {
    const log: string[] = []
    const ex = new ManualExecutor({ hooks: recorder(log) })
    const slot: { waker?: Waker } = {}
    ex.spawn(parked(slot), { name: "sleepy" })
    ex.runUntilStalled()
    log.length = 0
    slot.waker!.wake() // e.g. from a timer or an IO callback
    expect(log).toEqual([])
    ex.runUntilStalled()
    ex.runUntilStalled()
    expect(log).toEqual(["wake sleepy", "poll sleepy", "polled sleepy"])
  })

  it("tells an outside wake once when the next poll is start()'s, and start's own wakes with its task", () => {
    const log: string[] = []
    const ex = new ManualExecutor({ hooks: recorder(log) })
    const a: { waker?: Waker } = {}
    const b: { waker?: Waker } = {}
    ex.spawn(parked(a), { name: "a" })
    ex.spawn(parked(b), { name: "b" })
    ex.runUntilStalled()
    log.length = 0
    a.waker!.wake()
    ex.start(
      pollFn(() => {
        b.waker!.wake()
        return 0
      }),
    )
    ex.runUntilStalled()
    const wakes = log.filter((l) => l.startsWith("wake"))
    expect(wakes).toEqual(["wake a", "wake b by pollFn(anonymous)"])
  })

  it("tells a wake made before any hook was installed when the next instrumented batch starts", () => {
    const log: string[] = []
    const ex = new ManualExecutor()
    const slot: { waker?: Waker } = {}
    ex.spawn(parked(slot), { name: "sleepy" })
    ex.runUntilStalled()
    slot.waker!.wake()
    remove = installHooks(recorder(log))
    ex.runUntilStalled()
    expect(log).toEqual(["wake sleepy", "poll sleepy", "polled sleepy"])
  })

  it("still reaches executors after another executor's hooks were removed twice", () => {
    const own = new LocalExecutor({ hooks: recorder([]) })
    own.setHooks(undefined)
    own.setHooks(undefined)
    const log: string[] = []
    remove = installHooks(recorder(log))
    const ex = new ManualExecutor()
    ex.spawn(
      pollFn(() => 1),
      { name: "one" },
    )
    ex.runUntilStalled()
    expect(log).toEqual(["wake one", "poll one", "polled one"])
  })
})
