/**
 * Stall diagnostics: when a test program hangs on purpose (a receive nobody sends to, a lost
 * wake), the error names every stuck task and what it waits on; checkNoLeaks names the leaked
 * registration and the task that made it.
 */
import { describe, expect, it } from "vitest"
import {
  PollableError,
  Pending,
  gen,
  mpsc,
  named,
  oneshot,
  pollFn,
  sleep,
  type Context,
  type Poll,
  type Future,
  type Waker,
} from "@pollable/core"
import { ManualExecutor, Stalled, VirtualClock, checkNoLeaks } from "@pollable/core/testing"
import { thrown } from "../../support/thrown.js"

describe("ManualExecutor.blockOn stalls", () => {
  it("a receive nobody sends to: the Stalled message names the task and its channel receive", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const [tx, rx] = mpsc<number>(4)
    const e = thrown(() => ex.blockOn(named(rx.recv(), "inbox reader")))
    expect(e).toBeInstanceOf(Stalled)
    expect(e.message).toMatch(/inbox reader is pending/)
    expect(e.message).toMatch(/task#\d+ inbox reader \[waiting\]\n\s+waits on: mpsc receive \(0 queued\)/)
    expect((e as Stalled).tasks).toMatchObject([
      { name: "inbox reader", state: "waiting", waitingOn: ["mpsc receive (0 queued)"] },
    ])
    tx.close()
  })

  it("a lost wake (Pending without registering the waker) names the stuck task and the future", () => {
    class Forgetful implements Future<number> {
      poll(_cx: Context): Poll<number> {
        return Pending // never registers cx.waker: rule 1 broken
      }
      cancel(): void {}
    }
    const ex = new ManualExecutor()
    const e = thrown(() => ex.blockOn(named(new Forgetful(), "lost wake")))
    expect(e).toBeInstanceOf(Stalled)
    expect((e as Stalled).tasks).toMatchObject([{ name: "lost wake", waitingOn: ["Forgetful"] }])
    expect(e.message).toMatch(/waits on: Forgetful/)
  })

  it("lists every pending task, not just the blocked one: a helper waiting on a oneshot", () => {
    const ex = new ManualExecutor()
    const [, orx] = oneshot<string>()
    const e = thrown(() =>
      ex.blockOn(
        gen(function* main() {
          const helper = ex.spawn(orx, { name: "config loader" })
          return yield* helper
        }),
      ),
    )
    expect((e as Stalled).tasks.map((t) => [t.name, t.waitingOn])).toEqual([
      ["gen(main)", [expect.stringMatching(/^task#\d+ \(config loader\)$/)]],
      ["config loader", ["oneshot receive (nothing sent yet)"]],
    ])
  })

  it("a livelock in runUntilStalled lists the task that keeps waking itself", () => {
    const ex = new ManualExecutor()
    ex.spawn(
      pollFn((cx) => {
        cx.waker.wake()
        return Pending
      }),
      { name: "spinner" },
    )
    const e = thrown(() => ex.runUntilStalled(100))
    expect(e.message).toMatch(/keeps waking itself forever\n.*\ntask#\d+ spinner \[(queued|waiting)\]/)
  })
})

describe("checkNoLeaks names what leaked", () => {
  it("a timer left registered after cancel: its deadline and the task whose poll registered it", () => {
    /** Registers a timer and forgets it on cancel (rule 4 broken). */
    class Leaky implements Future<void> {
      poll(cx: Context): Poll<void> {
        cx.timer!.schedule(cx.timer!.now() + 100, cx.waker)
        return Pending
      }
      cancel(): void {}
    }
    const e = thrown(() => checkNoLeaks(() => named(new Leaky(), "leaky poller"), 10))
    expect(e).toBeInstanceOf(PollableError)
    expect(e.message).toMatch(/1 timer\(s\) stayed registered/)
    expect(e.message).toMatch(/a timer at t=100 registered by task#\d+ \(leaky poller\)/)
  })

  it("a stray wake after cancel names the task it reached", () => {
    let kept: Waker | undefined
    class Keeper implements Future<void> {
      poll(cx: Context): Poll<void> {
        kept = cx.waker
        cx.timer!.schedule(cx.timer!.now() + 5, { wake: () => kept?.wake() })
        return Pending
      }
      cancel(): void {}
    }
    const e = thrown(() => checkNoLeaks(() => new Keeper(), 1))
    expect(e.message).toMatch(/a stray wake of task#\d+, which had already ended/)
  })

  it("reports no leaks for a well-behaved future (and lists none)", () => {
    expect(checkNoLeaks(() => sleep(10), 5).leaks).toEqual([])
  })
})
