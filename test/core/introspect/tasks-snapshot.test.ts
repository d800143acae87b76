/**
 * executor.tasks() / dump(): every live task with its id, name, state and the chain of leaf
 * waits it is parked on; counters and the spawning task while tracking; a tree that fits 100
 * columns.
 */
import { describe, expect, it } from "vitest"
import {
  LocalExecutor,
  Notify,
  Pending,
  Semaphore,
  gen,
  join,
  mpsc,
  named,
  oneshot,
  pending,
  pollFn,
  sleep,
  timeout,
  yieldNow,
  AsyncFd,
  fail,
  ready,
  type TaskInfo,
} from "@pollable/core"
import { ManualExecutor, VirtualClock, memoryPair } from "@pollable/core/testing"

const manual = (introspect = false) => new ManualExecutor({ timer: new VirtualClock(), introspect })

describe("tasks(): what each task waits on", () => {
  it("a timer with its deadline, inside timeout and join, next to a channel receive", () => {
    const ex = manual()
    const [, rx] = mpsc<number>(1)
    ex.spawn(timeout(join(sleep(100), rx.recv()), 500))
    ex.runUntilStalled()
    expect(ex.tasks()).toEqual([
      {
        id: expect.any(Number),
        name: "timeout(join(sleep(100), next(mpsc receiver)))",
        state: "waiting",
        waitingOn: ["timer at t=100 (sleep(100))", "mpsc receive (0 queued)", "timer at t=500 (timeout(500))"],
      },
    ])
  })
  it("the future a gen's body is suspended on, and another task it awaits", () => {
    const ex = manual()
    const [, orx] = oneshot<number>()
    const inner = ex.spawn(orx, { name: "inner" })
    ex.spawn(
      gen(function* outer() {
        yield* sleep(1)
        return yield* inner
      }),
    )
    ex.runUntilStalled()
    expect(ex.tasks().map((t) => t.waitingOn)).toEqual([
      ["oneshot receive (nothing sent yet)"],
      ["timer at t=1 (sleep(1))"],
    ])
    ex.clock!.advance(1)
    expect(ex.tasks()[1]!.waitingOn).toEqual([expect.stringMatching(/^task#\d+ \(inner\)$/)])
  })
  it("sync primitives and IO readiness are named by their own labels", () => {
    const ex = manual()
    const notify = new Notify()
    const sem = new Semaphore(0)
    const [a] = memoryPair()
    const fd = new AsyncFd(a)
    ex.spawn(notify.notified(), { name: "n" })
    ex.spawn(sem.acquire(), { name: "s" })
    ex.spawn(fd.read(), { name: "r" })
    ex.runUntilStalled()
    const waits = Object.fromEntries(ex.tasks().map((t) => [t.name, t.waitingOn.join(" + ")]))
    expect(waits.n).toBe("Notify.notified()")
    expect(waits.s).toMatch(/acquire/)
    expect(waits.r).toMatch(/^read\(AsyncFd\(/)
  })
})

describe("tasks(): state", () => {
  it("queued before its first poll, waiting once parked, polling while being polled, gone when done", () => {
    const ex = manual()
    let seen: TaskInfo[] = []
    const h = ex.spawn(
      pollFn<number>((cx) => {
        seen = ex.tasks()
        if (seen.length > 5) return 1
        ;(globalThis as { w?: unknown }).w = cx.waker
        return Pending
      }),
      { name: "probe" },
    )
    const idle = ex.spawn(pending(), { name: "idle" })
    expect(ex.tasks().map((t) => t.state)).toEqual(["queued", "queued"])
    ex.runUntilStalled()
    expect(seen.find((t) => t.name === "probe")!.state).toBe("polling")
    expect(ex.tasks().map((t) => [t.name, t.state])).toEqual([
      ["probe", "waiting"],
      ["idle", "waiting"],
    ])
    h.cancel()
    idle.cancel()
    expect(ex.tasks()).toEqual([])
  })
})

describe("tracking (introspect: true)", () => {
  it("counts polls and wakes, times polls and records the parent", () => {
    const ex = manual(true)
    const parent = ex.spawn(
      gen(function* parent() {
        ex.spawn(pending(), { name: "child" })
        yield* yieldNow()
        yield* yieldNow()
        yield* pending()
      }),
    )
    ex.runUntilStalled()
    const [p, c] = ex.tasks()
    expect(p).toMatchObject({ name: "gen(parent)", polls: 3, wakes: 3 })
    expect(p!.parent).toBe(undefined)
    expect(c).toMatchObject({ name: "child", polls: 1, wakes: 1, parent: p!.id })
    expect(p!.pollTimeNs).toBeGreaterThanOrEqual(p!.longestPollNs!)
    expect(p!.longestPollNs).toBeGreaterThanOrEqual(0)
    expect(p!.ageMs).toBeGreaterThanOrEqual(0)
    expect(p!.spawnSite).toBe(undefined)
    parent.cancel()
  })
  it("an untracked executor records no counters at all", () => {
    const ex = manual(false)
    ex.spawn(pending())
    ex.runUntilStalled()
    expect(Object.keys(ex.tasks()[0]!).sort()).toEqual(["id", "name", "state", "waitingOn"])
  })
  it("spawn sites only when asked: the caller's file, not pollable's", () => {
    const ex = new ManualExecutor({ introspect: { spawnSites: true } })
    ex.spawn(pending())
    expect(ex.tasks()[0]!.spawnSite).toMatch(/tasks-snapshot\.test\.ts:\d+/)
    const later = new LocalExecutor()
    later.trackTasks()
    later.spawn(pending())
    expect(later.tasks()[0]!.spawnSite).toBe(undefined)
    expect(later.tasks()[0]!.polls).toBe(0)
  })
})

describe("ended tasks (introspect: { keepEnded })", () => {
  it("keeps listing the last N ended tasks as done, with their outcome and final counters", () => {
    const ex = new ManualExecutor({ introspect: { keepEnded: 2 } })
    ex.spawn(ready(1), { name: "first" })
    ex.spawn(fail(new Error("x")), { name: "second" })
    const idle = ex.spawn(pending(), { name: "third" })
    ex.runUntilStalled()
    idle.cancel()
    expect(ex.tasks()).toMatchObject([
      { name: "second", state: "done", outcome: "Failure", polls: 1, waitingOn: [] },
      { name: "third", state: "done", outcome: "Interrupted", polls: 1 },
    ])
    expect(ex.dump()).toMatch(/task#\d+ third \[done: Interrupted\]/)
  })
  it("lists none by default", () => {
    const ex = manual(true)
    ex.blockOn(ready(1))
    expect(ex.tasks()).toEqual([])
  })
})

describe("dump()", () => {
  it("prints children under the task that spawned them, every line within 100 columns", () => {
    const ex = manual(true)
    const [, rx] = mpsc<number>(1)
    ex.spawn(
      named(
        gen(function* () {
          ex.spawn(
            named(
              rx.recv(),
              "a child with a rather long name that goes on and on and on and on and on, past the edge of the terminal",
            ),
          )
          ex.spawn(sleep(50), { name: "second child" })
          yield* pending()
        }),
        "supervisor",
      ),
    )
    ex.runUntilStalled()
    const d = ex.dump()
    const lines = d.split("\n")
    expect(lines[0]).toBe("manual executor: 3 tasks")
    expect(lines[1]).toMatch(/^task#\d+ supervisor \[waiting\]$/)
    expect(d).toMatch(/\n├─ task#\d+ a child with a rather long name[^\n]*…\n│ {5}polls 1/)
    expect(d).toMatch(/\n└─ task#\d+ second child \[waiting\]\n.*\n {6}waits on: timer at t=50 \(sleep\(50\)\)/)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100)
  })
})
