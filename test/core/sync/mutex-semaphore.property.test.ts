// Property tests for Mutex and Semaphore over >= 1,000 explored schedules each, with random
// cancellation of waiting and holding tasks: mutual exclusion / permit bound, FIFO hand-off,
// no lost wake (every task settles, the lock ends free), no leak (no stray wake, no timer left).
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import {
  Mutex,
  Pending,
  Semaphore,
  gen,
  sleep,
  type Context,
  type Future,
  type JoinHandle,
  type Waker,
} from "@pollable/core"
import { ExploringExecutor, VirtualClock, type Choose } from "@pollable/core/testing"

const chooser = (s: Iterable<number>): Choose => {
  const it = s[Symbol.iterator]()
  return (n) => (it.next().value as number) % n
}

interface Plan {
  tasks: { rounds: number; need: number; hold: number }[]
  cancels: { after: number; task: number }[]
  spurious: number
}

const planArb = (maxNeed: number): fc.Arbitrary<Plan> =>
  fc.record({
    tasks: fc.array(
      fc.record({
        rounds: fc.integer({ min: 1, max: 3 }),
        need: fc.integer({ min: 1, max: maxNeed }),
        hold: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    cancels: fc.array(fc.record({ after: fc.integer({ min: 0, max: 4 }), task: fc.nat(4) }), { maxLength: 3 }),
    spurious: fc.constantFrom(0, 0, 4),
  })

/**
 * Wraps an acquire future to observe the moment the primitive hands it the lock/permits:
 * either its first poll is ready at once, or the primitive wakes its waker (only a grant or
 * a close wakes a waiter). Spurious wakes of the executor go to the task, not through here.
 */
class Observed<T> implements Future<T>, Waker {
  #cx: Context | undefined
  #seen = false
  constructor(
    readonly inner: Future<T>,
    readonly onGrant: () => void,
  ) {}
  #grant(): void {
    if (this.#seen) return
    this.#seen = true
    this.onGrant()
  }
  wake(): void {
    this.#grant()
    this.#cx?.waker.wake()
  }
  poll(cx: Context): T | typeof Pending {
    this.#cx = cx
    const r = this.inner.poll({ waker: this, timer: cx.timer })
    if (r !== Pending) this.#grant()
    return r
  }
  cancel(): void {
    this.#cx = undefined
    this.inner.cancel()
  }
  *[Symbol.iterator](): Generator<Future<T>, T, any> {
    return yield this
  }
}

/**
 * Runs `plan` against an acquire function. `attempts` records each request just before its
 * first poll (gen polls the acquire future in the same step), so FIFO means: the order in
 * which requests are granted equals the order of their attempts, among those granted.
 */
function scenario(
  plan: Plan,
  choose: Choose,
  limit: number,
  acquire: (need: number) => { future: any; release: (held: any) => void },
  check: () => void,
): void {
  const clock = new VirtualClock()
  const ex = new ExploringExecutor({ choose, clock, spuriousEvery: plan.spurious })
  let inUse = 0
  let peak = 0
  const attempts: string[] = []
  const grants: string[] = []
  const cancelled = new Set<number>()
  const handles: JoinHandle<void, unknown>[] = plan.tasks.map((t, id) =>
    ex.spawn(
      gen(function* () {
        for (let r = 0; r < t.rounds; r++) {
          const { future, release } = acquire(t.need)
          attempts.push(`${id}.${r}`)
          const held = yield* new Observed(future, () => grants.push(`${id}.${r}`))
          inUse += t.need
          peak = Math.max(peak, inUse)
          try {
            if (t.hold > 0) yield* sleep(t.hold - 1)
          } finally {
            inUse -= t.need
            release(held)
          }
        }
      }),
    ),
  )
  ex.spawn(
    gen(function* () {
      for (const c of plan.cancels) {
        yield* sleep(c.after)
        const i = c.task % handles.length
        cancelled.add(i)
        handles[i]!.cancel()
      }
    }),
  )
  ex.run()

  expect(peak).toBeLessThanOrEqual(limit) // exclusion / permit bound
  expect(inUse).toBe(0)
  expect(grants).toEqual(attempts.filter((a) => grants.includes(a))) // FIFO hand-off
  for (let i = 0; i < handles.length; i++) {
    // no lost wake: every task that was not cancelled finished
    if (!cancelled.has(i)) expect(handles[i]!.outcome?._tag).toBe("Success")
  }
  expect(ex.liveTasks).toBe(0)
  check() // the primitive is back to its initial state
  expect(ex.strayWakes).toBe(0)
  expect(clock.pendingTimers).toBe(0)
}

describe("Mutex properties (schedule exploration)", () => {
  it("mutual exclusion, FIFO, no lost wake with random cancellation, no leak — 1,000 schedules", () => {
    fc.assert(
      fc.property(planArb(1), fc.infiniteStream(fc.nat()), (plan, choices) => {
        const m = new Mutex(0)
        scenario(
          plan,
          chooser(choices),
          1,
          () => ({ future: m.lock(), release: (g) => g.release() }),
          () => {
            expect(m.locked).toBe(false)
            expect(m.tryLock()).toBeDefined()
          },
        )
      }),
      { numRuns: 1000 },
    )
  })
})

describe("Semaphore properties (schedule exploration)", () => {
  it("permit bound, FIFO, no lost wake with random cancellation, no leak — 1,000 schedules", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), planArb(3), fc.infiniteStream(fc.nat()), (permits, plan, choices) => {
        const sem = new Semaphore(permits)
        for (const t of plan.tasks) t.need = Math.min(t.need, permits)
        scenario(
          plan,
          chooser(choices),
          permits,
          (need) => ({ future: sem.acquire(need), release: (p) => p.release() }),
          () => {
            expect(sem.available).toBe(permits)
            expect(sem.waiting).toBe(0)
          },
        )
      }),
      { numRuns: 1000 },
    )
  })
})
