// Property tests for RwLock, watch, Barrier and CancellationToken over explored schedules
// (fast-check picks which woken task runs next and injects spurious wakes), with random
// cancellation: the invariant of each primitive, no lost wake, no stray wake, no timer left.
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Barrier, CancellationToken, RwLock, gen, sleep, watch, type JoinHandle } from "@pollable/core"
import { ExploringExecutor, VirtualClock, type Choose } from "@pollable/core/testing"

const chooser = (s: Iterable<number>): Choose => {
  const it = s[Symbol.iterator]()
  return (n) => (it.next().value as number) % n
}

const explore = (choices: Iterable<number>, spurious: number) => {
  const clock = new VirtualClock()
  return { clock, ex: new ExploringExecutor({ choose: chooser(choices), clock, spuriousEvery: spurious }) }
}

const cancelsArb = fc.array(fc.record({ after: fc.integer({ min: 0, max: 4 }), task: fc.nat(7) }), { maxLength: 3 })
const spuriousArb = fc.constantFrom(0, 0, 3)

/** Cancel tasks at the planned times; returns the indexes cancelled. */
const canceller = (
  ex: ExploringExecutor,
  handles: JoinHandle<unknown, unknown>[],
  cancels: { after: number; task: number }[],
) => {
  const cancelled = new Set<number>()
  ex.spawn(
    gen(function* () {
      for (const c of cancels) {
        yield* sleep(c.after)
        const i = c.task % handles.length
        cancelled.add(i)
        handles[i]!.cancel()
      }
    }),
  )
  return cancelled
}

describe("RwLock properties (schedule exploration)", () => {
  it("never a writer with anyone else, FIFO by first poll, no lost wake with cancellation — 500 schedules", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ write: fc.boolean(), hold: fc.integer({ min: 0, max: 2 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        cancelsArb,
        spuriousArb,
        fc.infiniteStream(fc.nat()),
        (tasks, cancels, spurious, choices) => {
          const { clock, ex } = explore(choices, spurious)
          const lock = new RwLock(0)
          let readers = 0
          let writers = 0
          const attempts: number[] = []
          const grants: number[] = []
          const handles = tasks.map((t, id) =>
            ex.spawn(
              gen(function* () {
                attempts.push(id)
                const g = yield* t.write ? lock.write() : lock.read()
                grants.push(id)
                if (t.write) writers++
                else readers++
                expect(writers === 0 || (writers === 1 && readers === 0)).toBe(true)
                try {
                  if (t.hold > 0) yield* sleep(t.hold)
                } finally {
                  if (t.write) writers--
                  else readers--
                  g.release()
                }
              }),
            ),
          )
          const cancelled = canceller(ex, handles, cancels)
          ex.run()
          // FIFO: a writer is never overtaken and never overtakes; readers admitted together
          // may observe their grant in any order
          const before = (xs: number[], a: number, b: number) => xs.indexOf(a) < xs.indexOf(b)
          for (const a of grants)
            for (const b of grants) {
              if (a !== b && (tasks[a]!.write || tasks[b]!.write))
                expect(before(grants, a, b)).toBe(before(attempts, a, b))
            }
          handles.forEach((h, i) => {
            if (!cancelled.has(i)) expect(h.outcome?._tag).toBe("Success")
          })
          expect(lock.tryWrite()).toBeDefined() // back to free
          expect(ex.liveTasks).toBe(0)
          expect(ex.strayWakes).toBe(0)
          expect(clock.pendingTimers).toBe(0)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe("watch properties (schedule exploration)", () => {
  it("every receiver that is not cancelled ends having seen the last value, values in order — 500 schedules", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        cancelsArb,
        spuriousArb,
        fc.infiniteStream(fc.nat()),
        (gaps, nReceivers, cancels, spurious, choices) => {
          const { clock, ex } = explore(choices, spurious)
          const [tx, rx] = watch(0)
          const last = gaps.length
          const seen: number[][] = []
          const handles = Array.from({ length: nReceivers }, (_, i) => {
            const r = rx.clone()
            const mine: number[] = (seen[i] = [])
            return ex.spawn(
              gen(function* () {
                for (;;) {
                  const v = r.borrowAndUpdate()
                  mine.push(v)
                  if (v === last) return
                  yield* r.changed()
                }
              }),
            )
          })
          ex.spawn(
            gen(function* () {
              for (let v = 1; v <= last; v++) {
                yield* sleep(gaps[v - 1]!)
                tx.send(v)
              }
            }),
          )
          const cancelled = canceller(ex, handles, cancels)
          ex.run()
          handles.forEach((h, i) => {
            const s = seen[i]!
            for (let k = 1; k < s.length; k++) expect(s[k]!).toBeGreaterThanOrEqual(s[k - 1]!) // never older
            if (!cancelled.has(i)) {
              expect(h.outcome?._tag).toBe("Success") // no lost change
              expect(s.at(-1)).toBe(last)
            }
          })
          expect(ex.liveTasks).toBe(0)
          expect(ex.strayWakes).toBe(0)
          expect(clock.pendingTimers).toBe(0)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe("Barrier properties (schedule exploration)", () => {
  it("rounds release exactly n parties with one leader each; cancelled arrivals are withdrawn — 500 schedules", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
        cancelsArb,
        spuriousArb,
        fc.infiniteStream(fc.nat()),
        (n, delays, cancels, spurious, choices) => {
          const { clock, ex } = explore(choices, spurious)
          const b = new Barrier(n)
          const released: boolean[] = []
          const handles = delays.map((d) =>
            ex.spawn(
              gen(function* () {
                yield* sleep(d)
                released.push((yield* b.wait()).isLeader)
              }),
            ),
          )
          const cancelled = canceller(ex, handles, cancels)
          ex.run()
          const rounds = b.round
          const leaders = released.filter(Boolean).length
          const followers = released.length - leaders
          expect(leaders).toBe(rounds) // one leader per completed round (it returns in its own poll)
          // every other party of a round is released; one cancelled after release never sees it
          expect(followers).toBeLessThanOrEqual(rounds * (n - 1))
          expect(followers).toBeGreaterThanOrEqual(rounds * (n - 1) - cancelled.size)
          const stuck = handles.filter((h) => h.outcome === undefined).length
          expect(stuck).toBe(b.waiting) // the waiting parties are exactly the live arrivals
          expect(stuck).toBeLessThan(n)
          for (const h of handles) h.cancel()
          expect(b.waiting).toBe(0)
          expect(ex.strayWakes).toBe(0)
          expect(clock.pendingTimers).toBe(0)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe("CancellationToken properties", () => {
  it("a token is cancelled iff it or an ancestor was; waiters of cancelled tokens all wake — 500 trees", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        spuriousArb,
        fc.infiniteStream(fc.nat()),
        (parents, cancelIdx, spurious, choices) => {
          const { ex } = explore(choices, spurious)
          const tokens = [new CancellationToken()]
          const parentOf = [-1]
          for (const p of parents) {
            const i = p % tokens.length
            tokens.push(tokens[i]!.child())
            parentOf.push(i)
          }
          const handles = tokens.map((t) => ex.spawn(t.cancelled()))
          ex.run()
          const direct = new Set(cancelIdx.map((c) => c % tokens.length))
          for (const i of direct) tokens[i]!.cancel(i)
          ex.run()
          tokens.forEach((t, i) => {
            let expected = false
            for (let k = i; k !== -1; k = parentOf[k]!) if (direct.has(k)) expected = true
            expect(t.isCancelled).toBe(expected)
            expect(handles[i]!.outcome?._tag === "Success").toBe(expected)
          })
          for (const h of handles) h.cancel()
          tokens.forEach((t) => expect(t.waiters.length).toBe(0))
          expect(ex.strayWakes).toBe(0)
        },
      ),
      { numRuns: 500 },
    )
  })
})
