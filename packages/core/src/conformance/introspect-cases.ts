import type { Executor } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context } from "../contracts/waker.js"
import { PollableError } from "../errors.js"
import { mpsc } from "../channel/mpsc.js"
import { oneshot } from "../channel/oneshot.js"
import { gen } from "../gen.js"
import { yieldNow } from "../combinators/yield-now.js"
import { installHooks, type TaskRef } from "../introspect/hooks.js"
import { named } from "../introspect/describe-wait.js"
import type { TaskInfo } from "../contracts/task-info.js"
import type { Driver } from "./driver.js"
import type { ConformanceExpect } from "./types.js"

/** Breaks rule 1 on purpose: pending without registering the waker, so nothing ever wakes it. */
class LostWake implements Future<never> {
  polls = 0
  poll(_cx: Context): Poll<never> {
    this.polls++
    return Pending
  }
  cancel(): void {}
  toString(): string {
    return "a future that never registers its waker"
  }
}

const tasksOf = (ex: Executor): TaskInfo[] => {
  if (ex.tasks === undefined || ex.dump === undefined) {
    throw new PollableError(
      "conformance: the executor has no tasks()/dump(); build it on LocalExecutor or implement them",
    )
  }
  return ex.tasks()
}

/**
 * The cases that hang a program on purpose and check that the executor's snapshot names the
 * stuck task and what it waits on, plus the instrumentation hooks. @internal
 */
export function introspectCases(
  test: (title: string, body: (d: Driver, ex: Executor) => Promise<void>) => void,
  expect: ConformanceExpect,
): void {
  test("a receive nobody sends to: tasks() and dump() name the stuck task and its channel receive", async (d, ex) => {
    const [tx, rx] = mpsc<number>(1)
    const h = ex.spawn(named(rx.recv(), "stuck reader"))
    const stuck = (): TaskInfo | undefined => tasksOf(ex).find((t) => t.name === "stuck reader")
    await d.until(() => stuck()?.state === "waiting", "the reader's first poll")
    expect(stuck()!.waitingOn).toEqual(["mpsc receive (0 queued)"])
    const dump = ex.dump!()
    expect(/task#\d+ stuck reader \[waiting\]/.test(dump)).toBe(true)
    expect(dump.includes("waits on: mpsc receive (0 queued)")).toBe(true)
    h.cancel()
    tx.close()
    expect(tasksOf(ex).some((t) => t.name === "stuck reader")).toBe(false)
  })

  test("a lost wake: the dump names the stuck task and the future that never registered", async (d, ex) => {
    const lost = new LostWake()
    const h = ex.spawn(named(lost, "lost wake"))
    await d.until(() => lost.polls === 1, "the first poll")
    await d.flush()
    const t = tasksOf(ex).find((i) => i.name === "lost wake")
    expect(t?.state).toBe("waiting")
    expect(t?.waitingOn).toEqual(["a future that never registers its waker"])
    expect(ex.dump!().includes("waits on: a future that never registers its waker")).toBe(true)
    h.cancel()
  })

  test("a task awaiting another task names it as its wait", async (d, ex) => {
    const [otx, orx] = oneshot<number>()
    const inner = ex.spawn(orx)
    const outer = ex.spawn(
      named(
        gen(function* () {
          return yield* inner
        }),
        "outer",
      ),
    )
    const info = (): TaskInfo | undefined => tasksOf(ex).find((t) => t.name === "outer")
    await d.until(() => info()?.state === "waiting", "the outer task's first poll")
    expect(/^task#\d+ \(oneshot receiver\)$/.test(info()!.waitingOn[0] ?? "")).toBe(true)
    otx.send(5)
    expect(await d.value(outer)).toBe(5)
  })

  const hooksCase = "hooks installed for every executor see spawn, each poll, the wake and the end with its outcome"
  test(hooksCase, async (d, ex) => {
    const seen: string[] = []
    let mine: TaskRef | undefined
    const remove = installHooks({
      onSpawn: (t) => {
        if (t.name === "hooked") mine = t
      },
      onPollStart: (t) => {
        if (t === mine) seen.push("start")
      },
      onPollEnd: (t, ready) => {
        if (t === mine) seen.push(ready ? "end: ready" : "end: pending")
      },
      onWake: (t, by) => {
        if (t === mine) seen.push(by === mine ? "wake by itself" : "wake")
      },
      onTaskEnd: (t, o) => {
        if (t === mine) seen.push(`outcome: ${o._tag}`)
      },
    })
    try {
      const h = ex.spawn(
        named(
          gen(function* () {
            yield* yieldNow()
            return 1
          }),
          "hooked",
        ),
      )
      expect(await d.value(h)).toBe(1)
    } finally {
      remove()
    }
    // yieldNow wakes its own task during the poll: the wake comes before that poll ends
    expect(seen).toEqual(["wake", "start", "wake by itself", "end: pending", "start", "outcome: Success", "end: ready"])
  })
}
