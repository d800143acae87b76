/**
 * Schedule exploration for the combinators explore.test.ts does not reach: andThen, joinAll,
 * tryJoinAll, race, selectAll, abortable, fuse, fromCallback, lazy, suspend, pollFn, pending
 * and ready. Over 1,000 fast-check schedules (poll order, spurious wakes, a random task
 * cancelled at a random step) every task must settle with the schedule-independent result
 * (no lost wake), no wake may arrive after a cancel, no timer may stay armed, and every
 * fromCallback registration must be cleaned up exactly once.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  Pending,
  abortable,
  andThen,
  fromCallback,
  fuse,
  gen,
  joinAll,
  lazy,
  map,
  pending,
  pollFn,
  race,
  ready,
  selectAll,
  settle,
  sleep,
  suspend,
  tryJoinAll,
  yieldNow,
  type JoinHandle,
  type Outcome,
} from "@pollable/core"
import { ExploringExecutor, VirtualClock } from "@pollable/core/testing"
import { chooser, drive } from "./explore-helpers.js"
import { Boom } from "../../support/probe.js"

const delay = fc.integer({ min: 0, max: 12 })

const tagOf = (o: Outcome<unknown, unknown>): string => o._tag

describe("schedule exploration of the remaining combinators", () => {
  it(
    "andThen, joinAll, tryJoinAll, race, selectAll, abortable, fuse, fromCallback, lazy, suspend, pollFn, pending: " +
      "same results under every schedule and cancellation, no lost or stray wake, no leak",
    () => {
      fc.assert(
        fc.property(
          chooser,
          fc.record({ a: delay, b: delay, c: delay, d: delay, e: delay }),
          fc.boolean(),
          fc.boolean(),
          fc.integer({ min: 0, max: 40 }),
          fc.nat({ max: 9 }),
          (choose, { a, b, c, d, e }, fail, spurious, cancelAt, victimIx) => {
            const clock = new VirtualClock()
            const ex = new ExploringExecutor({ choose, clock, spuriousEvery: spurious ? 3 : 0 })

            // fromCallback sources resolved by another task (a cross-task wake path).
            const resolvers: ((v: string) => void)[] = []
            let registered = 0
            let cleaned = 0
            const fromCb = () =>
              fromCallback<string>((resolve) => {
                registered++
                resolvers.push(resolve)
                return () => cleaned++
              })
            // pollFn that needs `k` polls, waking itself in between; onCancel counted.
            let pollFnCancels = 0
            const countdown = (k: number) => {
              let left = k
              return pollFn<number>(
                (cx) => {
                  if (left === 0) return k
                  left--
                  cx.waker.wake()
                  return Pending
                },
                () => pollFnCancels++,
              )
            }
            const ac = new AbortController()

            const tasks: [string, JoinHandle<unknown, unknown>][] = [
              ["andThen", ex.spawn(andThen(sleep(a), () => andThen(yieldNow(), () => map(sleep(b), () => a + b))))],
              ["joinAll", ex.spawn(joinAll([map(sleep(a), () => a), map(sleep(b), () => b), ready(c)]))],
              [
                "tryJoinAll",
                ex.spawn(
                  settle(
                    tryJoinAll([
                      map(sleep(a), () => a),
                      andThen(sleep(b), () =>
                        lazy(() => {
                          if (fail) throw new Boom()
                          return b
                        }),
                      ),
                    ]),
                  ),
                ),
              ],
              [
                "race",
                ex.spawn(
                  race(
                    pending<string>(),
                    map(sleep(a), () => "a"),
                    map(sleep(b), () => "b"),
                  ),
                ),
              ],
              ["selectAll", ex.spawn(selectAll([c, d].map((t, i) => map(sleep(t), () => i * 10))))],
              [
                "abortable",
                ex.spawn(
                  settle(
                    abortable(
                      map(sleep(d), () => "in time"),
                      ac.signal,
                    ),
                  ),
                ),
              ],
              ["fuse", ex.spawn(map(fuse(map(sleep(a), () => a)), (x) => x + 1))],
              ["fromCallback", ex.spawn(joinAll([fromCb(), fromCb()]))],
              [
                "suspend+pollFn",
                ex.spawn(
                  andThen(
                    suspend(() => sleep(c)),
                    () => countdown(3),
                  ),
                ),
              ],
              [
                "gen over all",
                ex.spawn(
                  gen(function* () {
                    const x = yield* lazy(() => a)
                    const r = yield* race(sleep(b), fuse(ready("now")))
                    const [y] = yield* joinAll([countdown(2), ready(0)])
                    return [x, r, y]
                  }),
                ),
              ],
            ]
            // Helpers (never cancelled): resolve the callback sources at e + 1 (after every
            // task's first poll at time 0 registered them), abort at c.
            const resolver = ex.spawn(
              gen(function* () {
                yield* sleep(e + 1)
                for (const r of resolvers.splice(0)) r("cb")
              }),
            )
            const aborter = ex.spawn(
              gen(function* () {
                yield* sleep(c)
                ac.abort(new Boom("stop"))
              }),
            )
            const victim = tasks[victimIx]![1]
            drive(ex, clock, cancelAt, victim)

            const expected: Record<string, (o: Outcome<unknown, unknown>) => void> = {
              andThen: (o) => expect(o).toEqual({ _tag: "Success", value: a + b }),
              joinAll: (o) => expect(o).toEqual({ _tag: "Success", value: [a, b, c] }),
              tryJoinAll: (o) => {
                const inner = (o as { value: Outcome<unknown, unknown> }).value
                if (fail) expect((inner as { error: unknown }).error).toBeInstanceOf(Boom)
                else expect(inner).toEqual({ _tag: "Success", value: [a, b] })
              },
              race: (o) => expect(o).toEqual({ _tag: "Success", value: a <= b ? "a" : "b" }),
              selectAll: (o) =>
                expect(o).toEqual({
                  _tag: "Success",
                  value: c <= d ? { index: 0, value: 0 } : { index: 1, value: 10 },
                }),
              abortable: (o) => {
                const inner = (o as { value: Outcome<unknown, unknown> }).value
                // equal deadlines: either may be seen first, both outcomes are correct
                if (d < c || (d === c && tagOf(inner) === "Success"))
                  expect(inner).toEqual({ _tag: "Success", value: "in time" })
                // an abort is the interrupted outcome, not a failure
                else expect(inner).toEqual({ _tag: "Interrupted" })
              },
              fuse: (o) => expect(o).toEqual({ _tag: "Success", value: a + 1 }),
              fromCallback: (o) => expect(o).toEqual({ _tag: "Success", value: ["cb", "cb"] }),
              "suspend+pollFn": (o) => expect(o).toEqual({ _tag: "Success", value: 3 }),
            }
            for (const [name, h] of tasks) {
              const o = h.outcome
              expect(o, `${name} settled (no lost wake)`).toBeDefined()
              if (h === victim && o!._tag === "Interrupted") continue
              if (name === "gen over all") {
                // race(sleep(b), fuse(ready)): a ready future beats sleep(b) unless b === 0 (first argument wins ties)
                expect(o).toEqual({ _tag: "Success", value: [a, b === 0 ? undefined : "now", 2] })
              } else expected[name]!(o!)
            }
            expect(resolver.outcome?._tag).toBe("Success")
            expect(aborter.outcome?._tag).toBe("Success")
            expect(ex.liveTasks).toBe(0)
            expect(ex.strayWakes).toBe(0)
            expect(clock.pendingTimers).toBe(0)
            expect(cleaned).toBe(registered) // every fromCallback registration released exactly once
            expect(pollFnCancels).toBeLessThanOrEqual(1)
          },
        ),
        { numRuns: 1000 },
      )
    },
  )
})
