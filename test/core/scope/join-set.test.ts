import { describe, expect, it } from "vitest"
import { Done, gen, JoinSet, Pending, ScopeClosed, sleep } from "@pollable/core"
import { virtualTime } from "@pollable/core/testing"
import { after, Boom, Gate, Tracked } from "./scope-helpers.js"

const setup = virtualTime

/** A set running two gates that finish only when opened. */
function twoGates() {
  const set = new JoinSet<number>()
  const g1 = new Gate<number>("g1")
  const g2 = new Gate<number>("g2")
  set.spawn(g1)
  set.spawn(g2)
  return { set, g1, g2 }
}

/** Drain the set into an array, recording failures as `"err:<tag>"`. */
const drain = <T>(set: JoinSet<T, Boom>) =>
  gen(function* () {
    const out: (T | string)[] = []
    for (;;) {
      try {
        const r = yield* set.joinNext()
        if (r === Done) return out
        out.push(r)
      } catch (e) {
        out.push(`err:${(e as Boom).tag}`)
      }
    }
  })

describe("JoinSet", () => {
  it("reports results in completion order, each once, then Done", () => {
    const { clock, ex } = setup()
    const set = new JoinSet<number, Boom>()
    set.spawn(after(30, 3))
    set.spawn(after(10, 1))
    set.spawn(
      gen(function* () {
        yield* sleep(20)
        throw new Boom("two")
      }),
    )
    expect(set.size).toBe(3)
    expect(ex.blockOn(drain(set))).toEqual([1, "err:two", 3])
    expect(set.size).toBe(0)
    expect(clock.now()).toBe(30)
    expect(ex.blockOn(set.joinNext())).toBe(Done)
  })

  it("an empty set gives Done at once", () => {
    const { ex } = setup()
    expect(ex.blockOn(new JoinSet().joinNext())).toBe(Done)
  })

  it("members run only while a joinNext is pending (FuturesUnordered-style driving)", () => {
    const { ex } = setup()
    const set = new JoinSet<number>()
    const g = new Gate<number>()
    set.spawn(g)
    ex.runUntilStalled()
    expect(g.polls).toBe(0) // nobody drives the set yet
    const h = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    expect(g.polls).toBe(1)
    g.open(5)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 5 })
  })

  it("cancelling a joinNext future loses no result (cancel-safe)", () => {
    const { ex } = setup()
    const { set, g1, g2 } = twoGates()
    const h1 = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    g1.open(1)
    g2.open(2)
    h1.cancel() // woken but cancelled before it took anything
    expect(set.size).toBe(2)
    const got = [ex.blockOn(set.joinNext()), ex.blockOn(set.joinNext()), ex.blockOn(set.joinNext())]
    expect(got).toEqual([1, 2, Done])
    expect(ex.strayWakes).toBe(0)
  })

  it("tryJoinNext reports buffered and newly woken results without waiting", () => {
    const { ex } = setup()
    const { set, g1, g2 } = twoGates()
    expect(set.tryJoinNext()).toBe(Pending) // never driven: nothing polled
    expect(g1.polls).toBe(0)
    const h = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    g1.open(1)
    g2.open(2)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
    expect(set.tryJoinNext()).toBe(2)
    expect(set.tryJoinNext()).toBe(Done)
  })

  it("tryJoinNext throws a member's failure", () => {
    const { ex } = setup()
    const set = new JoinSet<number, Error>()
    const g = new Gate<number>()
    set.spawn(g)
    set.spawn(new Gate<number>("never"))
    ex.spawn(set.joinNext())
    ex.runUntilStalled()
    g.fail(new Boom("t"))
    expect(() => set.tryJoinNext()).toThrow("boom t")
    expect(set.tryJoinNext()).toBe(Pending)
    set.cancel()
  })

  it("abortAll cancels running members at once; results produced before are still delivered", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const set = new JoinSet<number>()
    const g1 = new Gate<number>("g1")
    const g2 = new Gate<number>("g2")
    const slow = new Tracked("slow", after(100, 3), log)
    const slower = new Tracked("slower", after(200, 4), log)
    set.spawn(g1)
    set.spawn(g2)
    set.spawn(slow)
    set.spawn(slower)
    const h = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    g1.open(1)
    g2.open(2) // both finish in the same pass: 1 is returned, 2 waits in the set
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
    expect(clock.pendingTimers).toBe(2)
    set.abortAll()
    expect(log).toEqual(["slower:cancel", "slow:cancel"])
    expect([g1.cancels, g2.cancels, slow.cancels, slower.cancels]).toEqual([0, 0, 1, 1])
    expect(clock.pendingTimers).toBe(0)
    expect(set.size).toBe(1)
    expect(ex.blockOn(set.joinNext())).toBe(2)
    expect(ex.blockOn(set.joinNext())).toBe(Done)
    set.spawn(after(1, 5)) // still open
    expect(ex.blockOn(set.joinNext())).toBe(5)
  })

  it("aborting one finished member is a no-op and its output is still delivered", () => {
    const { ex } = setup()
    const set = new JoinSet<number>()
    const g1 = new Gate<number>("g1")
    const g2 = new Gate<number>("g2")
    set.spawn(g1)
    const h2 = set.spawn(g2)
    const h3 = set.spawn(new Gate<number>("never"))
    const h = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    g1.open(1)
    g2.open(2)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 1 })
    expect(h2.finished).toBe(true)
    h2.abort()
    h3[Symbol.dispose]()
    expect(h3.finished).toBe(true)
    expect(set.size).toBe(1)
    expect(ex.blockOn(set.joinNext())).toBe(2)
    expect(ex.blockOn(set.joinNext())).toBe(Done)
  })

  it("aborting the last running member from outside wakes a pending joinNext with Done", () => {
    const { clock, ex } = setup()
    const set = new JoinSet<void>()
    const member = set.spawn(sleep(1000))
    const h = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined()
    member.abort() // not inside a joinNext poll: nobody else would wake the waiter
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: Done })
    expect(clock.pendingTimers).toBe(0)
  })

  it("each member is cancelled exactly once by cancel(), and spawn then throws ScopeClosed", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const set = new JoinSet<number>({ name: "pages" })
    const ts = [0, 1, 2].map((i) => new Tracked(`m${i}`, after(100, i), log))
    for (const t of ts) set.spawn(t)
    const h = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    expect(clock.pendingTimers).toBe(3)
    set.cancel()
    set.cancel()
    set[Symbol.dispose]()
    expect(ts.map((t) => t.cancels)).toEqual([1, 1, 1])
    expect(clock.pendingTimers).toBe(0)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: Done })
    expect(() => set.spawn(after(1, 1))).toThrow(ScopeClosed)
    expect(() => set.spawn(after(1, 1))).toThrow(/JoinSet\(pages\): it already cancelled/)
    clock.runAll()
    expect(ex.strayWakes).toBe(0)
  })

  it("disposes through `using` and Symbol.asyncDispose", async () => {
    const { clock, ex } = setup()
    const log: string[] = []
    {
      using set = new JoinSet<number>()
      set.spawn(new Tracked("u", after(100, 0), log))
      ex.spawn(set.joinNext())
      ex.runUntilStalled()
    }
    const set2 = new JoinSet<number>()
    set2.spawn(new Tracked("v", after(100, 0), log))
    ex.spawn(set2.joinNext())
    ex.runUntilStalled()
    await set2[Symbol.asyncDispose]()
    expect(log).toEqual(["u:cancel", "v:cancel"])
    expect(clock.pendingTimers).toBe(0)
  })

  it("detachAll hands running members back uncancelled", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const set = new JoinSet<number>()
    set.spawn(new Tracked("d", after(10, 7), log))
    ex.spawn(set.joinNext())
    ex.runUntilStalled()
    const [f] = set.detachAll()
    expect(set.size).toBe(0)
    const h = ex.spawn(f!)
    clock.advance(10)
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    expect(log).toEqual(["d:ok"])
    const set2 = new JoinSet<number>()
    set2.spawn(after(1, 8))
    const [g] = set2.detachAll(ex)
    expect(g).toBeDefined()
    clock.advance(1)
    expect(log).toEqual(["d:ok"])
    expect(clock.pendingTimers).toBe(0)
  })

  it("two pending joinNext futures each get a different result", () => {
    const { ex } = setup()
    const { set, g1, g2 } = twoGates()
    const a = ex.spawn(set.joinNext())
    const b = ex.spawn(set.joinNext())
    ex.runUntilStalled()
    g2.open(2)
    g1.open(1)
    ex.runUntilStalled()
    const vals = [a.outcome, b.outcome].map((o) => (o as { value: number }).value).sort()
    expect(vals).toEqual([1, 2])
  })

  it("10,000 members: every result once, no timer or waker left", () => {
    const { clock, ex } = setup()
    const set = new JoinSet<number>()
    const N = 10_000
    for (let i = 0; i < N; i++) set.spawn(after(i % 13, i))
    const sum = ex.blockOn(
      gen(function* () {
        let s = 0
        let n = 0
        for (let r; (r = yield* set.joinNext()) !== Done; n++) s += r
        return [s, n]
      }),
    )
    expect(sum).toEqual([(N * (N - 1)) / 2, N])
    expect(clock.pendingTimers).toBe(0)
    clock.runAll()
    expect(ex.strayWakes).toBe(0)
  })
})
