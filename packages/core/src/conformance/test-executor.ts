import type { Executor, JoinHandle } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import type { Context, Waker } from "../contracts/waker.js"
import { Interrupted, PollAfterReady, PollableError, TimeoutError } from "../errors.js"
import { andThen, map } from "../combinators/chain.js"
import { joinAll, join } from "../combinators/join.js"
import { lazy } from "../combinators/lazy.js"
import { pollFn } from "../combinators/poll-fn.js"
import { ready } from "../combinators/ready.js"
import { select } from "../combinators/select.js"
import { sleep } from "../combinators/sleep.js"
import { timeout } from "../combinators/timeout.js"
import { yieldNow } from "../combinators/yield-now.js"
import { gen } from "../gen.js"
import { scope } from "../scope/scope.js"
import { TaskLocal } from "../task-local/task-local.js"
import { disposeSymbol } from "../internal/dispose.js"
import { Driver, macrotask, watchUnhandledRejections } from "./driver.js"
import { setFaultReporter } from "../fault/report.js"
import type { ConformanceOptions, ExecutorInstance } from "./types.js"
import { introspectCases } from "./introspect-cases.js"

/** A future that is pending until `set()`; it keeps only the waker of its latest poll (rule 1). */
class Flag implements Future<number> {
  isSet = false
  polls = 0
  waker: Waker | undefined
  cancelled = 0
  set(): void {
    this.isSet = true
    const w = this.waker
    this.waker = undefined
    w?.wake()
  }
  poll(cx: Context): Poll<number> {
    this.polls++
    if (this.isSet) return this.polls
    this.waker = cx.waker
    return Pending
  }
  cancel(): void {
    this.cancelled++
    this.waker = undefined
  }
}

const id = <T>(v: T): T => v

const settledWith = <T>(h: PromiseLike<T>): Promise<{ ok: true; v: T } | { ok: false; e: unknown }> =>
  Promise.resolve(h).then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  )

/**
 * Register the executor conformance suite — the cases every pollable executor passes —
 * with your test runner.
 *
 * Each case gets a fresh executor from `make()`, and is named after the contract rule (see `Future`) or
 * behaviour it checks: the eight future rules (latest waker, spurious wakes, poll after
 * ready, cancel releases everything, self-wake budget, three outcomes, laziness, faults
 * never replace a decided outcome), errors
 * thrown from poll, no unhandled rejection, spawn/join/select/timeout/sleep ordering (on
 * real time when `make()` returns no clock, on virtual time when it returns a
 * `VirtualClock`), structured concurrency (a scope waits for, cancels and fails fast over
 * its children), a 10,000-task fan-out and a 100,000-step `andThen` chain. Real-time
 * cases use delays of a few ms and assert only the order of events. A case the executor
 * cannot run (see {@link ExecutorCapabilities}) is registered as skipped, with its reason
 * in the test name and printed through `harness.log`.
 *
 * How to run it on your executor (vitest shown; jest is the same):
 *
 * @example
 * ```ts
 * // test/my-executor.conformance.test.ts
 * import { describe, expect, it } from "vitest"
 * import { testExecutor } from "@pollable/core/conformance"
 * import { VirtualClock } from "@pollable/core/testing"
 * import { MyExecutor } from "my-executor"
 *
 * // real time: timing cases use small host delays and check order only
 * testExecutor({ name: "mine", make: () => ({ executor: new MyExecutor() }), harness: { describe, it, expect } })
 *
 * // virtual time: the suite advances the clock itself and checks exact deadlines
 * testExecutor({
 *   name: "mine (VirtualClock)",
 *   make: () => {
 *     const clock = new VirtualClock()
 *     return { executor: new MyExecutor({ timer: clock }), clock }
 *   },
 *   harness: { describe, it, expect },
 * })
 * ```
 *
 * Your executor should be a `LocalExecutor` configured with your runtime's hooks
 * (`schedule`, `yieldToHost`, `timer`): then the queue and timer rules hold by
 * construction and the suite checks the wiring. Pass `flush` when your executor drains on
 * a queue that one `setTimeout(0)` does not cover, and `dispose` to release it.
 */
export function testExecutor(options: ConformanceOptions): void {
  const { describe, it, expect } = options.harness
  const log =
    options.harness.log ?? ((m: string) => (globalThis as { console?: { warn(m: string): void } }).console?.warn(m))
  const caps = options.capabilities ?? {}
  const hasTimer = caps.timer === undefined || caps.timer === true
  const hostYield = caps.hostYield === undefined || caps.hostYield === true
  const why = (v: boolean | string | undefined, dflt: string): string => (typeof v === "string" ? v : dflt)
  const fanOut = caps.fanOut ?? 10_000
  const chainDepth = caps.chainDepth ?? 100_000
  const ms = options.timeoutMs ?? 10_000

  /** A case run on a fresh instance; `skipReason` (when a string) skips it and says why. */
  const test = (title: string, body: (d: Driver, ex: Executor) => Promise<void>, skipReason?: string | false): void => {
    if (typeof skipReason === "string") {
      const full = `${title} — skipped: ${skipReason}`
      log(`[conformance: ${options.name}] ${full}`)
      if (it.skip !== undefined) it.skip(full, () => {})
      else it(full, () => {})
      return
    }
    it(
      title,
      async () => {
        const inst: ExecutorInstance = await options.make()
        try {
          await body(new Driver(inst), inst.executor)
        } finally {
          await inst.dispose?.()
        }
      },
      ms,
    )
  }
  const noTimer = !hasTimer && why(caps.timer, "the executor declares no timer capability (capabilities.timer: false)")
  /** Cases that check the timer registry need to read it. */
  const needCount = (d: Driver): number => {
    const n = d.pendingTimers()
    if (n === undefined) {
      throw new PollableError(
        "conformance: cannot count pending timers; " +
          "return `clock` or `pendingTimers` from make(), or use a TimerQueue timer",
      )
    }
    return n
  }

  describe(`executor conformance: ${options.name}`, () => {
    describe("rule 1: latest waker", () => {
      test("a task is polled again whenever the waker of its latest poll is woken", async (d, ex) => {
        let polls = 0
        let latest: Waker | undefined
        const h = ex.spawn(
          pollFn<number>((cx) => {
            polls++
            if (polls === 4) return polls
            latest = cx.waker
            return Pending
          }),
        )
        for (let i = 1; i <= 3; i++) {
          await d.until(() => polls === i, `poll #${i}`)
          const w = latest!
          latest = undefined
          w.wake() // from the host, outside any poll
        }
        expect(await d.value(h)).toBe(4)
      })

      test("a wake from another task's poll reaches the waiting task", async (d, ex) => {
        const flag = new Flag()
        const waiter = ex.spawn(flag)
        const setter = ex.spawn(
          andThen(yieldNow(), () =>
            lazy(() => {
              flag.set()
              return "set"
            }),
          ),
        )
        expect(await d.value(setter)).toBe("set")
        expect(await d.value(waiter)).toBe(2)
      })
    })

    describe("rule 2: spurious wakes", () => {
      test("wake() only schedules: it never polls on the caller's stack", async (d, ex) => {
        let inWake = false
        let reentered = false
        let polls = 0
        let w: Waker | undefined
        const h = ex.spawn(
          pollFn<number>((cx) => {
            if (inWake) reentered = true
            polls++
            if (polls === 2) return polls
            w = cx.waker
            return Pending
          }),
        )
        await d.until(() => polls === 1, "the first poll")
        inWake = true
        w!.wake()
        inWake = false
        expect(polls).toBe(1)
        expect(await d.value(h)).toBe(2)
        expect(reentered).toBe(false)
      })

      test("wakes before the next poll are coalesced into one poll", async (d, ex) => {
        const flag = new Flag()
        ex.spawn(flag)
        await d.until(() => flag.polls === 1, "the first poll")
        const w = flag.waker!
        for (let i = 0; i < 10; i++) w.wake()
        await d.until(() => flag.polls === 2, "the second poll")
        for (let i = 0; i < 5; i++) await d.flush()
        expect(flag.polls).toBe(2)
      })

      test("a spuriously woken task is polled again and stays pending until it can progress", async (d, ex) => {
        const flag = new Flag()
        const h = ex.spawn(flag)
        for (let i = 1; i <= 3; i++) {
          await d.until(() => flag.polls === i, `poll #${i}`)
          flag.waker!.wake() // nothing changed
        }
        await d.until(() => flag.polls === 4, "poll #4")
        expect(h.outcome).toBe(undefined)
        flag.set()
        expect(await d.value(h)).toBe(5)
      })
    })

    describe("rule 3: poll after ready", () => {
      test("a finished task is never polled again, even when its waker is woken", async (d, ex) => {
        let polls = 0
        let w: Waker | undefined
        const h = ex.spawn(
          pollFn<string>((cx) => {
            polls++
            w = cx.waker
            cx.waker.wake()
            return "done"
          }),
        )
        expect(await d.value(h)).toBe("done")
        w!.wake()
        for (let i = 0; i < 3; i++) await d.flush()
        expect(polls).toBe(1)
      })

      test("a task whose poll threw is never polled again", async (d, ex) => {
        let polls = 0
        const boom = new Error("boom")
        const h = ex.spawn(
          pollFn<never>((cx) => {
            polls++
            cx.waker.wake()
            throw boom
          }),
        )
        const o = await d.settle(h)
        for (let i = 0; i < 3; i++) await d.flush()
        expect(o).toEqual({ _tag: "Failure", error: boom })
        expect(polls).toBe(1)
      })

      test("polling a JoinHandle after it delivered its value throws PollAfterReady", async (d, ex) => {
        const inner = ex.spawn(ready(7))
        const outer = ex.spawn(
          pollFn<unknown>((cx) => {
            const v = inner.poll(cx)
            if (v === Pending) return Pending
            try {
              inner.poll(cx)
            } catch (e) {
              return [v, e]
            }
            return [v, "no error"]
          }),
        )
        const [v, e] = (await d.value(outer)) as [number, unknown]
        expect(v).toBe(7)
        expect(e).toBeInstanceOf(PollAfterReady)
      })
    })

    describe("rule 4: cancel releases everything", () => {
      test("cancel() cancels the future once and it is never polled afterwards", async (d, ex) => {
        const flag = new Flag()
        const h = ex.spawn(flag)
        await d.until(() => flag.polls === 1, "the first poll")
        const w = flag.waker!
        h.cancel()
        h.cancel()
        w.wake()
        flag.set()
        for (let i = 0; i < 3; i++) await d.flush()
        expect(flag.cancelled).toBe(1)
        expect(flag.polls).toBe(1)
        expect(h.outcome).toEqual({ _tag: "Interrupted" })
      })

      test("a task cancelled before its first poll is never polled", async (d, ex) => {
        const flag = new Flag()
        const h = ex.spawn(flag)
        h.cancel()
        for (let i = 0; i < 3; i++) await d.flush()
        expect(flag.polls).toBe(0)
        expect(h.outcome).toEqual({ _tag: "Interrupted" })
      })

      test("cancel after completion changes nothing", async (d, ex) => {
        const h = ex.spawn(ready("v"))
        expect(await d.value(h)).toBe("v")
        h.cancel()
        expect(h.outcome).toEqual({ _tag: "Success", value: "v" })
        expect(await h).toBe("v")
      })

      test(
        "cancelling a sleeping task leaves no timer registered",
        async (d, ex) => {
          const before = needCount(d)
          // long deadlines only: on a real clock under load a short sleep could end before the
          // registrations are counted, and the count would never reach four
          const hs = [ex.spawn(sleep(60_000)), ex.spawn(timeout(sleep(60_000), 50_000)), ex.spawn(sleep(40_000))]
          await d.until(() => needCount(d) === before + 4, "four timer registrations")
          for (const h of hs) h.cancel()
          expect(needCount(d)).toBe(before)
          for (const h of hs) expect(h.outcome).toEqual({ _tag: "Interrupted" })
        },
        noTimer,
      )
    })

    describe("rule 5: self-wake budget", () => {
      test("a task that keeps waking itself does not starve another task", async (d, ex) => {
        let other = false
        const spinner = ex.spawn(
          pollFn<number>((cx) => {
            if (other) return 1
            cx.waker.wake()
            return Pending
          }),
        )
        ex.spawn(
          lazy(() => {
            other = true
          }),
        )
        expect(await d.value(spinner)).toBe(1)
      })

      test(
        "a task that keeps waking itself lets host macrotasks run",
        async (d, ex) => {
          let macro = false
          ;(globalThis as unknown as { setTimeout(f: () => void, ms: number): unknown }).setTimeout(() => {
            macro = true
          }, 0)
          let polls = 0
          const spinner = ex.spawn(
            pollFn<boolean>((cx) => {
              polls++
              if (macro) return true
              if (polls >= 2_000_000) return false // bounded: the case fails instead of hanging
              cx.waker.wake()
              return Pending
            }),
          )
          expect(await d.value(spinner)).toBe(true)
        },
        !hostYield &&
          why(
            caps.hostYield,
            "the executor declares capabilities.hostYield: false (it does not yield to the host's macrotask queue)",
          ),
      )
    })

    describe("rule 6: three outcomes", () => {
      test("success: outcome Success and the handle resolves with the value", async (d, ex) => {
        const h = ex.spawn(map(yieldNow(), () => 42))
        expect(await d.settle(h)).toEqual({ _tag: "Success", value: 42 })
        expect(await settledWith(h)).toEqual({ ok: true, v: 42 })
      })

      test("failure: outcome Failure and the handle rejects with the thrown error", async (d, ex) => {
        const err = new TypeError("bad")
        const h = ex.spawn(
          map(yieldNow(), () => {
            throw err
          }),
        )
        expect(await d.settle(h)).toEqual({ _tag: "Failure", error: err })
        const r = await settledWith(h)
        expect(r.ok).toBe(false)
        expect(!r.ok && r.e).toBe(err)
      })

      test("interrupted: outcome Interrupted and the handle rejects with Interrupted", async (d, ex) => {
        const h = ex.spawn(new Flag())
        const pending = settledWith(h) // awaited before the cancel
        await d.flush()
        h.cancel()
        expect(h.outcome).toEqual({ _tag: "Interrupted" })
        const r = await pending
        expect(r.ok).toBe(false)
        expect(!r.ok && r.e).toBeInstanceOf(Interrupted)
      })

      test("a task awaiting another task's handle sees all three outcomes", async (d, ex) => {
        const err = new Error("inner failed")
        const ok = ex.spawn(ready(1))
        const bad = ex.spawn(
          lazy(() => {
            throw err
          }),
        )
        const cut = ex.spawn(new Flag())
        const outer = ex.spawn(
          gen(function* () {
            const got: unknown[] = [yield* map(ok, id)]
            try {
              yield* map(bad, id)
            } catch (e) {
              got.push(e)
            }
            cut.cancel()
            try {
              yield* map(cut, id)
            } catch (e) {
              got.push(e instanceof Interrupted ? "Interrupted" : e)
            }
            return got
          }),
        )
        expect(await d.value(outer)).toEqual([1, err, "Interrupted"])
      })
    })

    describe("rule 7: laziness", () => {
      test("creating and spawning a future does not poll it synchronously", async (d, ex) => {
        let ran = 0
        const f = lazy(() => ++ran)
        expect(ran).toBe(0)
        const h = ex.spawn(f)
        expect(ran).toBe(0)
        expect(h.outcome).toBe(undefined)
        expect(await d.value(h)).toBe(1)
      })

      test("tasks are first polled in spawn order", async (d, ex) => {
        const order: number[] = []
        const hs = [0, 1, 2, 3, 4].map((i) => ex.spawn(lazy(() => order.push(i))))
        for (const h of hs) await d.settle(h)
        expect(order).toEqual([0, 1, 2, 3, 4])
      })

      test("tasks that yield interleave fairly", async (d, ex) => {
        const trace: string[] = []
        const worker = (name: string) =>
          gen(function* () {
            for (let i = 0; i < 3; i++) {
              trace.push(`${name}${i}`)
              yield* yieldNow()
            }
          })
        const a = ex.spawn(worker("a"))
        const b = ex.spawn(worker("b"))
        await d.settle(a)
        await d.settle(b)
        expect(trace).toEqual(["a0", "b0", "a1", "b1", "a2", "b2"])
      })
    })

    describe("rule 8: faults never replace a decided outcome and are never silent", () => {
      /** Run `body` with a recording process-wide reporter (executors from make() have no onFault). */
      const withFaults = async (body: (faults: unknown[]) => Promise<void>): Promise<void> => {
        const faults: unknown[] = []
        const prev = setFaultReporter((e) => void faults.push(e))
        try {
          await body(faults)
        } finally {
          setFaultReporter(prev)
        }
      }
      const throwingCancel = (): Future<never> => ({
        poll: () => Pending as never,
        cancel: () => {
          throw new Error("teardown failed")
        },
      })

      test("handle.cancel() never throws when the future's teardown throws; the fault is reported", async (d, ex) => {
        await withFaults(async (faults) => {
          const h = ex.spawn(throwingCancel())
          await macrotask()
          let threw: unknown
          try {
            h.cancel()
          } catch (e) {
            threw = e
          }
          expect(threw).toBe(undefined)
          expect((await d.settle(h))._tag).toBe("Interrupted")
          expect(faults.length).toBe(1)
        })
      })

      test("a select loser whose teardown throws does not replace the winner's value", async (d, ex) => {
        await withFaults(async (faults) => {
          const flag = new Flag()
          const h = ex.spawn(select(flag, throwingCancel()))
          await macrotask()
          flag.set()
          const won = await d.value(h)
          expect(won.index).toBe(0)
          expect(won.value).toBe(flag.polls)
          expect(faults.length).toBe(1)
        })
      })

      test(
        "a timer whose waker throws does not stop the executor's later timers",
        async (d, ex) => {
          await withFaults(async (faults) => {
            const t = ex.timer
            t.schedule(t.now() + 1, {
              wake: () => {
                throw new Error("waker failed")
              },
            })
            const h = ex.spawn(map(sleep(5), () => "later"))
            expect(await d.value(h)).toBe("later")
            expect(faults.length).toBe(1)
          })
        },
        noTimer,
      )
    })

    describe("errors thrown from poll", () => {
      test("any thrown value, Error or not, is the task's failure", async (d, ex) => {
        const thrown: unknown[] = ["a string", undefined, null, 0, { code: 1 }, new RangeError("r")]
        const hs = thrown.map((v) =>
          ex.spawn(
            pollFn<never>(() => {
              throw v
            }),
          ),
        )
        for (let i = 0; i < hs.length; i++) {
          expect(await d.settle(hs[i]!)).toEqual({ _tag: "Failure", error: thrown[i] })
        }
      })

      test("a task that throws does not disturb the others", async (d, ex) => {
        const before = ex.spawn(map(yieldNow(), () => "before"))
        const bad = ex.spawn(
          pollFn<never>(() => {
            throw new Error("x")
          }),
        )
        const after = ex.spawn(map(yieldNow(), () => "after"))
        expect((await d.settle(bad))._tag).toBe("Failure")
        expect([await d.value(before), await d.value(after)]).toEqual(["before", "after"])
      })

      test("a throw from a waker-holding future after cancel is never observed", async (d, ex) => {
        let w: Waker | undefined
        const h = ex.spawn(
          pollFn<never>(
            (cx) => {
              w = cx.waker
              return Pending
            },
            () => {},
          ),
        )
        await d.until(() => w !== undefined, "the first poll")
        h.cancel()
        w!.wake()
        await d.flush()
        expect(h.outcome).toEqual({ _tag: "Interrupted" })
      })
    })

    describe("no unhandled rejection", () => {
      test(
        "failed and cancelled tasks that nobody awaits cause no unhandled rejection",
        async (d, ex) => {
          const w = watchUnhandledRejections()!
          try {
            const failed = ex.spawn(
              lazy(() => {
                throw new Error("nobody awaits me")
              }),
            )
            const failedLater = ex.spawn(
              andThen(yieldNow(), () =>
                lazy(() => {
                  throw new Error("nor me")
                }),
              ),
            )
            const cancelled = ex.spawn(new Flag())
            const cancelledAwaited = ex.spawn(new Flag())
            const awaited = settledWith(cancelledAwaited)
            await d.settle(failed)
            await d.settle(failedLater)
            cancelled.cancel()
            cancelledAwaited.cancel()
            await awaited
            await macrotask()
            await macrotask()
          } finally {
            expect(w.stop()).toEqual([])
          }
        },
        !watchUnhandledRejections.available() &&
          "no unhandled-rejection event on this host (neither process nor globalThis)",
      )
    })

    describe("timers: sleep, join, select, timeout ordering", () => {
      const real = "real time: exact deadlines are checked only on a VirtualClock (capabilities.virtualTime is not set)"
      test(
        "sleep(0) completes",
        async (d, ex) => {
          expect(await d.value(ex.spawn(map(sleep(0), () => "slept")))).toBe("slept")
        },
        noTimer,
      )

      test(
        "sleeps complete in deadline order, not spawn order",
        async (d, ex) => {
          const order: string[] = []
          const t = (name: string, ms: number) => ex.spawn(map(sleep(ms), () => void order.push(name)))
          const hs = [t("c", 30), t("a", 10), t("b", 20), t("a0", 0)]
          for (const h of hs) await d.settle(h)
          expect(order).toEqual(["a0", "a", "b", "c"])
        },
        noTimer,
      )

      test(
        "join waits for every future and keeps argument order",
        async (d, ex) => {
          const order: number[] = []
          const s = (ms: number, v: number) =>
            map(sleep(ms), () => {
              order.push(v)
              return v
            })
          const h = ex.spawn(join(s(20, 1), s(5, 2), ready(3), s(10, 4)))
          expect(await d.value(h)).toEqual([1, 2, 3, 4])
          // On real time a paused process (GC, a busy CPU) can pass two deadlines before the
          // join is polled again; then it sees both done, in argument order. Completion order
          // is exact only on a virtual clock.
          if (d.virtual) expect(order).toEqual([2, 4, 1])
          else expect([...order].sort()).toEqual([1, 2, 4])
        },
        noTimer,
      )

      test(
        "select returns the first to finish and cancels the loser, leaving no timer",
        async (d, ex) => {
          const before = needCount(d)
          const h = ex.spawn(
            select(
              map(sleep(5_000), () => "slow"),
              map(sleep(5), () => "fast"),
            ),
          )
          expect(await d.value(h)).toEqual({ index: 1, value: "fast" })
          expect(needCount(d)).toBe(before)
          if (d.virtual) expect(d.inst.clock!.now()).toBe(5)
        },
        noTimer,
      )

      test(
        "timeout fails with TimeoutError when the future is slower, and leaves no timer",
        async (d, ex) => {
          const before = needCount(d)
          const o = await d.settle(ex.spawn(timeout(sleep(5_000), 5)))
          expect(o._tag).toBe("Failure")
          expect(o._tag === "Failure" && o.error).toBeInstanceOf(TimeoutError)
          expect(needCount(d)).toBe(before)
        },
        noTimer,
      )

      test(
        "timeout returns the value when the future is faster, and leaves no timer",
        async (d, ex) => {
          const before = needCount(d)
          expect(
            await d.value(
              ex.spawn(
                timeout(
                  map(sleep(5), () => "in time"),
                  5_000,
                ),
              ),
            ),
          ).toBe("in time")
          expect(needCount(d)).toBe(before)
        },
        noTimer,
      )

      test(
        "sequential sleeps inside gen run one after another",
        async (d, ex) => {
          const trace: string[] = []
          const h = ex.spawn(
            gen(function* () {
              for (const ms of [15, 1, 2]) {
                yield* sleep(ms)
                trace.push(`slept ${ms}`)
              }
              return trace.filter((t) => t.startsWith("slept")).length
            }),
          )
          const other = ex.spawn(map(sleep(2), () => void trace.push("other")))
          expect(await d.value(h)).toBe(3)
          await d.settle(other)
          expect(trace).toEqual(["other", "slept 15", "slept 1", "slept 2"])
        },
        noTimer,
      )

      test(
        "virtual time: every sleep ends exactly at its deadline",
        async (d, ex) => {
          const clock = d.inst.clock
          if (clock === undefined)
            throw new PollableError("conformance: capabilities.virtualTime is set but make() returned no clock")
          const t0 = clock.now()
          const at: number[] = []
          const h = ex.spawn(
            joinAll([7, 3, 3, 12, 0].map((ms) => map(sleep(ms), () => void at.push(clock.now() - t0)))),
          )
          await d.settle(h)
          const seq = ex.spawn(
            gen(function* () {
              const s = clock.now()
              yield* sleep(10)
              yield* sleep(10)
              return clock.now() - s
            }),
          )
          expect(at).toEqual([0, 3, 3, 7, 12])
          expect(await d.value(seq)).toBe(20)
        },
        noTimer || (!caps.virtualTime && real),
      )
    })

    describe("structured concurrency: scope", () => {
      test(
        "a scope completes only when every child has completed",
        async (d, ex) => {
          const done: number[] = []
          const child = (ms: number) =>
            map(sleep(ms), () => {
              done.push(ms)
              return ms
            })
          const h = ex.spawn(
            scope(function* (s) {
              s.spawn(child(15)) // not awaited by the body: the scope still waits for it
              const a = s.spawn(child(5))
              return yield* a
            }),
          )
          expect(await d.value(h)).toBe(5)
          expect(done.sort((x, y) => x - y)).toEqual([5, 15])
        },
        noTimer,
      )

      test(
        "cancelling a scope cancels every child at once and leaves no timer",
        async (d, ex) => {
          const before = needCount(d)
          const flags = [new Flag(), new Flag()]
          const h = ex.spawn(
            scope(function* (s) {
              for (const f of flags) s.spawn(f)
              s.spawn(sleep(60_000))
              yield* sleep(60_000)
              return "never"
            }),
          )
          await d.until(() => flags.every((f) => f.polls > 0), "the children to be polled")
          h.cancel()
          expect(flags.map((f) => f.cancelled)).toEqual([1, 1])
          expect(needCount(d)).toBe(before)
          expect((await d.settle(h))._tag).toBe("Interrupted")
        },
        noTimer,
      )

      test("a failing child cancels its siblings and the scope rethrows (fail-fast)", async (d, ex) => {
        const sibling = new Flag()
        const boom = new Error("child failed")
        const h = ex.spawn(
          scope(function* (s) {
            s.spawn(sibling)
            s.spawn(
              map(yieldNow(), () => {
                throw boom
              }),
            )
            yield* pollFn<void>(() => Pending) // the body waits forever; the failure ends it
          }),
        )
        const o = await d.settle(h)
        expect(o).toEqual({ _tag: "Failure", error: boom })
        expect(sibling.cancelled).toBe(1)
      })

      test(`${(fanOut / 10).toLocaleString("en")} children in one scope complete`, async (d, ex) => {
        const n = fanOut / 10
        const h = ex.spawn(
          scope(function* (s) {
            const hs = Array.from({ length: n }, (_, i) => s.spawn(map(yieldNow(), () => i)))
            let sum = 0
            for (const c of hs) sum += yield* c
            return sum
          }),
        )
        expect(await d.value(h)).toBe((n * (n - 1)) / 2)
      })
    })

    describe("disposal", () => {
      test(
        "disposing the executor cancels its running tasks and leaves no timer",
        async (d, ex) => {
          const dispose = (ex as Partial<Disposable>)[disposeSymbol]
          if (typeof dispose !== "function") {
            log(`[conformance: ${options.name}] the executor has no [Symbol.dispose]; disposal not checked`)
            return
          }
          const before = needCount(d)
          let cleaned = 0
          const h = ex.spawn(
            gen(function* () {
              try {
                yield* sleep(60_000)
              } finally {
                cleaned++
              }
            }),
          )
          await d.until(() => needCount(d) > before, "the task to arm its timer")
          dispose.call(ex)
          expect(cleaned).toBe(1)
          expect((await d.settle(h))._tag).toBe("Interrupted")
          expect(needCount(d)).toBe(before)
        },
        noTimer,
      )
    })

    describe("task-local values", () => {
      test(
        "a TaskLocal's value is in force across yields; " + "inheriting ones follow spawned tasks, others do not",
        async (d, ex) => {
          const inherited = new TaskLocal<string>("conformance.inherited", { inherit: true })
          const own = new TaskLocal<string>("conformance.own")
          const seen: string[] = []
          const look = (who: string) =>
            lazy(() => void seen.push(`${who}:${inherited.tryGet() ?? "-"}/${own.tryGet() ?? "-"}`))
          const h = ex.spawn(
            inherited.scope(
              "a",
              own.scope(
                "b",
                gen(function* () {
                  yield* look("body")
                  yield* yieldNow()
                  yield* look("after yield")
                  const viaExecutor = ex.spawn(andThen(yieldNow(), () => look("spawned")))
                  const viaScope = scope(function* (s) {
                    yield* s.spawn(andThen(yieldNow(), () => look("scope child")))
                  })
                  yield* viaScope
                  yield* viaExecutor
                }),
              ),
            ),
          )
          await d.value(h)
          // a scope's children are polled as part of this task: they see every value; a task
          // spawned on the executor sees only the inheriting one (the two may run in either order)
          expect(seen.slice(0, 2)).toEqual(["body:a/b", "after yield:a/b"])
          expect(seen.slice(2).sort()).toEqual(["scope child:a/b", "spawned:a/-"])
          expect(inherited.tryGet()).toBe(undefined) // nothing leaks out of the polls
        },
      )
    })

    describe("introspection: a hung program names its stuck tasks", () => {
      introspectCases(test, expect)
    })

    describe("scale", () => {
      test(`${fanOut.toLocaleString("en")} tasks fan out and are joined`, async (d, ex) => {
        const handles: JoinHandle<number, unknown>[] = []
        for (let i = 0; i < fanOut; i++) {
          const f = hasTimer && i % 3 === 0 ? map(sleep(i % 4), () => i) : map(yieldNow(), () => i)
          handles.push(ex.spawn(f))
        }
        const total = ex.spawn(map(joinAll(handles), (vs) => vs.reduce((a, b) => a + b, 0)))
        expect(await d.value(total)).toBe((fanOut * (fanOut - 1)) / 2)
        for (const h of handles) expect(h.outcome?._tag).toBe("Success")
      })

      test(`a ${chainDepth.toLocaleString("en")}-step andThen chain runs without stack overflow`, async (d, ex) => {
        let f: Future<number, never> = ready(0)
        for (let i = 0; i < chainDepth; i++) {
          f = andThen(f, (v: number) => (v % 10_000 === 9_999 ? map(yieldNow(), () => v + 1) : ready(v + 1)))
        }
        let nested: Future<number, never> = ready(0)
        for (let i = 0; i < chainDepth; i++) {
          const inner = nested
          nested = andThen(ready(undefined), () => inner)
        }
        expect(await d.value(ex.spawn(f))).toBe(chainDepth)
        expect(await d.value(ex.spawn(nested))).toBe(0)
      })
    })
  })
}
