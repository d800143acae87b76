// Property tests for mpsc over >= 1,000 explored schedules each, with random cancellation of
// producers and of the consumer's recv(): no lost message, no double delivery, FIFO order,
// no lost wake (every task settles), no leak (no stray wake, no timer left).
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Done, gen, joinAll, mpsc, select, settle, sleep, type JoinHandle } from "@pollable/core"
import { ExploringExecutor, VirtualClock, type Choose } from "@pollable/core/testing"

const chooser = (s: Iterable<number>): Choose => {
  const it = s[Symbol.iterator]()
  return (n) => (it.next().value as number) % n
}

interface Plan {
  capacity: number
  producers: number[] // messages per producer
  cancels: { after: number; producer: number }[]
  recvRaces: boolean[] // per receive attempt: race recv() against sleep(0) so recv may be cancelled
  spurious: number
}

const planArb: fc.Arbitrary<Plan> = fc.record({
  capacity: fc.integer({ min: 1, max: 3 }),
  producers: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
  cancels: fc.array(fc.record({ after: fc.integer({ min: 0, max: 3 }), producer: fc.nat(3) }), { maxLength: 2 }),
  recvRaces: fc.array(fc.boolean(), { maxLength: 8 }),
  spurious: fc.constantFrom(0, 0, 4),
})

function scenario(plan: Plan, choose: Choose): void {
  const clock = new VirtualClock()
  const ex = new ExploringExecutor({ choose, clock, spuriousEvery: plan.spurious })
  const [tx, rx] = mpsc<string>(plan.capacity)
  const delivered: string[] = [] // in buffer order: recorded synchronously when send() completes
  const received: string[] = []

  const handles: JoinHandle<void, unknown>[] = plan.producers.map((count, p) =>
    ex.spawn(
      gen(function* () {
        for (let i = 0; i < count; i++) {
          const v = `${p}:${i}`
          yield* tx.send(v)
          delivered.push(v)
          if (choose(3) === 0) yield* sleep(choose(2))
        }
      }),
    ),
  )
  // Chaos: cancel producers at random points of the schedule.
  ex.spawn(
    gen(function* () {
      for (const c of plan.cancels) {
        yield* sleep(c.after)
        handles[c.producer % handles.length]!.cancel()
      }
    }),
  )
  // Close once every producer has settled (finished or been cancelled).
  ex.spawn(
    gen(function* () {
      yield* joinAll(handles.map((h) => settle(h)))
      tx.close()
    }),
  )
  const consumer = ex.spawn(
    gen(function* () {
      for (let k = 0; ; k++) {
        let v: string | typeof Done
        if (plan.recvRaces[k] === true) {
          const s = yield* select(rx.recv(), sleep(0))
          if (s.index === 1) continue // recv() lost the race and was cancelled
          v = s.value as string | typeof Done
        } else {
          v = yield* rx.recv()
        }
        if (v === Done) return
        received.push(v)
      }
    }),
  )
  ex.run()

  expect(consumer.outcome?._tag).toBe("Success") // no lost wake: the consumer saw the close
  expect(ex.liveTasks).toBe(0) // nobody stuck
  expect(received).toEqual(delivered) // no lost message, no double delivery, FIFO
  for (let p = 0; p < plan.producers.length; p++) {
    const mine = received.filter((v) => v.startsWith(`${p}:`)).map((v) => Number(v.split(":")[1]))
    expect(mine).toEqual(mine.map((_, i) => i)) // per-producer order, and a cancelled send's value is absent
  }
  expect(ex.strayWakes).toBe(0)
  expect(clock.pendingTimers).toBe(0)
}

describe("mpsc properties (schedule exploration)", () => {
  it("no lost message, no double delivery, FIFO, no lost wake, no leak — 1,000 schedules", () => {
    fc.assert(
      fc.property(planArb, fc.infiniteStream(fc.nat()), (plan, choices) => scenario(plan, chooser(choices))),
      { numRuns: 1000 },
    )
  })
})
