// Notify over 1,000 explored schedules with random cancellation of waiters: a notifyOne()
// picked by a waiter that is then cancelled is passed on, so no token is ever stranded.
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Notify, gen, sleep, type JoinHandle } from "@pollable/core"
import { ExploringExecutor, VirtualClock, type Choose } from "@pollable/core/testing"

const chooser = (s: Iterable<number>): Choose => {
  const it = s[Symbol.iterator]()
  return (n) => (it.next().value as number) % n
}

describe("Notify properties (schedule exploration)", () => {
  it("no lost wake under random cancellation — 1,000 schedules", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.record({ after: fc.integer({ min: 0, max: 3 }), who: fc.nat(3) }), { maxLength: 2 }),
        fc.infiniteStream(fc.nat()),
        (total, nConsumers, cancels, choices) => {
          const choose = chooser(choices)
          const clock = new VirtualClock()
          const ex = new ExploringExecutor({ choose, clock, spuriousEvery: 5 })
          const notify = new Notify()
          let tokens = 0
          let consumed = 0
          const consumers: JoinHandle<void, unknown>[] = []
          for (let c = 0; c < nConsumers; c++) {
            consumers.push(
              ex.spawn(
                gen(function* () {
                  for (;;) {
                    if (consumed === total) return
                    const n = notify.notified()
                    if (tokens > 0) {
                      tokens--
                      if (++consumed === total) notify.notifyAll()
                      continue
                    }
                    yield* n
                  }
                }),
              ),
            )
          }
          ex.spawn(
            gen(function* () {
              for (let i = 0; i < total; i++) {
                if (choose(2) === 0) yield* sleep(choose(2))
                tokens++
                notify.notifyOne()
              }
            }),
          )
          const cancelled = new Set<number>()
          ex.spawn(
            gen(function* () {
              for (const c of cancels) {
                yield* sleep(c.after)
                // keep at least one consumer alive
                const i = c.who % nConsumers
                if (cancelled.size < nConsumers - 1 && !cancelled.has(i)) {
                  cancelled.add(i)
                  consumers[i]!.cancel()
                }
              }
            }),
          )
          ex.run()
          expect(consumed).toBe(total)
          for (let i = 0; i < nConsumers; i++)
            if (!cancelled.has(i)) expect(consumers[i]!.outcome?._tag).toBe("Success")
          expect(ex.liveTasks).toBe(0)
          expect(notify.waiting).toBe(0)
          expect(clock.pendingTimers).toBe(0)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
