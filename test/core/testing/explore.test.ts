/**
 * Schedule exploration: fast-check chooses which woken task is polled next, injects
 * spurious wakes (rule 2) and picks cancellation points; every schedule must give the same
 * results, settle every task (no lost wake), deliver no wake after cancel, and leave no timer.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  Pending,
  TimeoutError,
  gen,
  join,
  map,
  select,
  settle,
  shared,
  sleep,
  timeout,
  tryJoin,
  wrap,
  yieldNow,
  type Context,
  type Future,
  type JoinHandle,
  type Outcome,
  type Poll,
  type Waker,
} from "@pollable/core"
import { ExploringExecutor, VirtualClock, type Choose } from "@pollable/core/testing"

const RUNS = { numRuns: 1000 }

/** A choice source from fast-check's infinite stream of naturals. */
const chooser = fc.infiniteStream(fc.nat()).map((s): Choose => {
  const it = s[Symbol.iterator]()
  return (n) => (it.next().value as number) % n
})

/** A one-shot signal between tasks, hand-written (a cross-task wake path: lost wakes show up here). */
class Flag implements Future<string, never> {
  #value: string | undefined
  #waker: Waker | undefined
  set(v: string): void {
    this.#value = v
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }
  poll(cx: Context): Poll<string> {
    if (this.#value !== undefined) return this.#value
    this.#waker = cx.waker
    return Pending
  }
  cancel(): void {
    this.#waker = undefined
  }
}

/** Run to the end; at step `cancelAt` cancel `victim`. Mirrors ExploringExecutor.run. */
function drive(ex: ExploringExecutor, clock: VirtualClock, cancelAt = -1, victim?: JoinHandle<unknown, unknown>): void {
  for (let n = 0; n < 100_000; n++) {
    if (n === cancelAt) victim?.cancel()
    if (ex.step()) continue
    if (clock.pendingTimers === 0) return
    clock.advanceTo(clock.nextDeadline)
  }
  throw new Error("livelock")
}

const delay = fc.integer({ min: 0, max: 20 })

describe("schedule exploration (ExploringExecutor + fast-check)", () => {
  it("join, select, timeout and shared give the same results under every schedule", () => {
    fc.assert(
      fc.property(chooser, delay, delay, delay, delay, fc.boolean(), (choose, a, b, c, d, spurious) => {
        const clock = new VirtualClock()
        const ex = new ExploringExecutor({ choose, clock, spuriousEvery: spurious ? 3 : 0 })
        const s = shared(map(sleep(c), () => "s"))
        const flag = new Flag()
        const hs = [
          ex.spawn(
            join(
              map(sleep(a), () => a),
              map(sleep(b), () => b),
              yieldNow(),
            ),
          ),
          ex.spawn(
            select(
              map(sleep(a), () => "a"),
              map(sleep(b), () => "b"),
            ),
          ),
          ex.spawn(settle(timeout(sleep(c), d))),
          ex.spawn(s),
          ex.spawn(s.clone()),
          ex.spawn(wrap(flag)),
          ex.spawn(
            gen(function* () {
              yield* sleep(d)
              flag.set("set")
            }),
          ),
        ]
        drive(ex, clock)
        const v = hs.map((h) => h.outcome)
        expect(v[0]).toEqual({ _tag: "Success", value: [a, b, undefined] })
        expect(v[1]).toEqual({ _tag: "Success", value: a <= b ? { index: 0, value: "a" } : { index: 1, value: "b" } })
        const t = (v[2] as { value: Outcome<void, unknown> }).value
        if (c <= d) expect(t).toEqual({ _tag: "Success", value: undefined })
        else expect((t as { error: unknown }).error).toBeInstanceOf(TimeoutError)
        expect(v[3]).toEqual({ _tag: "Success", value: "s" })
        expect(v[4]).toEqual({ _tag: "Success", value: "s" })
        expect(v[5]).toEqual({ _tag: "Success", value: "set" })
        expect(ex.liveTasks).toBe(0) // no lost wake: everything completed
        expect(ex.strayWakes).toBe(0)
        expect(clock.pendingTimers).toBe(0)
        expect(clock.now()).toBe(Math.max(a, b, c, d))
      }),
      RUNS,
    )
  })

  it("a gen pipeline survives any schedule and any cancellation point without leaks", () => {
    fc.assert(
      fc.property(
        chooser,
        fc.integer({ min: 0, max: 60 }),
        fc.nat({ max: 2 }),
        fc.boolean(),
        (choose, cancelAt, victimIx, spurious) => {
          const clock = new VirtualClock()
          const ex = new ExploringExecutor({ choose, clock, spuriousEvery: spurious ? 4 : 0 })
          const cleanups: string[] = []
          const pipeline = (name: string, n: number) =>
            gen(function* () {
              let sum = 0
              try {
                for (let i = 0; i < n; i++) {
                  const [x] = yield* join(
                    map(sleep(i % 3), () => i),
                    yieldNow(),
                  )
                  const r = yield* select(
                    map(sleep(2), () => 0),
                    map(sleep(1), () => 1),
                  )
                  sum += x + r.value
                }
                return sum
              } finally {
                cleanups.push(name)
              }
            })
          const s = shared(pipeline("shared", 3))
          const hs: JoinHandle<unknown, unknown>[] = [
            ex.spawn(pipeline("a", 4)),
            ex.spawn(tryJoin(s, timeout(pipeline("b", 2), 100))),
            ex.spawn(s.clone()),
          ]
          const victim = hs[victimIx]!
          drive(ex, clock, cancelAt, victim)
          const expected = [6 + 4, [3 + 3, 1 + 2], 3 + 3]
          hs.forEach((h, i) => {
            if (h === victim && h.outcome?._tag === "Interrupted") return
            // the shared waiter survives its sibling's cancellation
            expect(h.outcome).toEqual({ _tag: "Success", value: expected[i] })
          })
          expect(ex.liveTasks).toBe(0)
          expect(ex.strayWakes).toBe(0)
          expect(clock.pendingTimers).toBe(0)
          // every generator that started ran its finally block exactly once
          expect(new Set(cleanups).size).toBe(cleanups.length)
        },
      ),
      RUNS,
    )
  })

  it("cancelling a select or timeout mid-flight releases every timer, whatever the order", () => {
    fc.assert(
      fc.property(
        chooser,
        fc.array(delay, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 10 }),
        (choose, delays, cancelAt) => {
          const clock = new VirtualClock()
          const ex = new ExploringExecutor({ choose, clock, spuriousEvery: 2 })
          const sel = ex.spawn(select(...delays.map((d) => map(sleep(d), () => d))))
          const to = ex.spawn(timeout(join(...delays.map((d) => sleep(d))), Math.max(...delays)))
          drive(ex, clock, cancelAt, sel)
          if (sel.outcome?._tag === "Success")
            expect((sel.outcome.value as { value: number }).value).toBe(Math.min(...delays))
          expect(to.outcome?._tag).toBe("Success")
          expect(ex.liveTasks).toBe(0)
          expect(ex.strayWakes).toBe(0)
          expect(clock.pendingTimers).toBe(0)
        },
      ),
      RUNS,
    )
  })
})
