// A gen polls each future its body yields at once, with its own context. These tests pin the
// edges: the context used, the single poll of a pending future, cancellation from inside the
// polled future, and gens driven from inside other gens.
import { describe, expect, it } from "vitest"
import { FutureBase, Interrupted, Pending, gen, pollFn, ready, suspend, type Context, type Poll } from "@pollable/core"
import { CountingWaker, ManualExecutor, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../support/probe.js"

/** A core future (so `yield*`-able) that runs `body` in its poll. */
class Hook<T> extends FutureBase<T, never> {
  constructor(readonly body: (cx: Context) => Poll<T>) {
    super()
  }
  get label(): string {
    return "hook"
  }
  protected step(cx: Context): Poll<T> {
    return this.body(cx)
  }
  protected onCancel(): void {}
}

describe("gen: the futures a body yields are polled at once", () => {
  it("a ready future's value reaches the yield* with the gen's own context", () => {
    const w = new CountingWaker()
    const seen: Context[] = []
    const cx = contextOf(w)
    const f = gen(function* () {
      let acc = 0
      for (let i = 0; i < 1000; i++) acc += yield* new Hook((c) => (seen.push(c), 1))
      return acc
    })
    expect(f.poll(cx)).toBe(1000)
    expect(seen).toHaveLength(1000)
    expect(seen.every((c) => c === cx)).toBe(true)
  })

  it("a pending future is polled once per poll of the gen, and again only after a wake", () => {
    const p = new Probe()
    const w = new CountingWaker()
    const f = gen(function* () {
      return (yield* suspend(() => p)) * 2
    })
    expect(f.poll(contextOf(w))).toBe(Pending)
    expect(p.polls).toBe(1)
    expect(p.registered).toBe(true)
    p.resolve(21)
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBe(42)
    expect(p.polls).toBe(2)
  })

  it("a failure thrown by the polled future is caught by the body's try/catch", () => {
    const ex = new ManualExecutor()
    const v = ex.blockOn(
      gen(function* () {
        try {
          yield* suspend<number, Boom>(() => {
            throw new Boom("in place")
          })
          return "not reached"
        } catch (e) {
          return (e as Error).message
        }
      }),
    )
    expect(v).toContain("in place")
  })

  it("a future that cancels its own task while the gen polls it is cancelled and the body stops", () => {
    const ex = new ManualExecutor()
    const log: string[] = []
    const inner = new Probe("inner")
    let handle: { cancel(): void } | undefined
    handle = ex.spawn(
      gen(function* () {
        try {
          yield* suspend(() => ({
            poll: (cx: Context) => {
              handle!.cancel()
              return inner.poll(cx)
            },
            cancel: () => {
              log.push("awaited cancelled")
              inner.cancel()
            },
          }))
          log.push("body went on")
        } catch {
          log.push("catch ran")
        } finally {
          log.push("finally ran")
        }
      }),
    )
    ex.runUntilStalled()
    expect(log).toEqual(["awaited cancelled", "finally ran"])
    expect(inner.registered).toBe(false)
  })

  it("a failure thrown after the task cancelled itself does not run the body's catch", () => {
    const ex = new ManualExecutor()
    const log: string[] = []
    let handle: { cancel(): void } | undefined
    handle = ex.spawn(
      gen(function* () {
        try {
          yield* suspend(() => {
            handle!.cancel()
            throw new Boom("late")
          })
        } catch {
          log.push("catch ran")
        } finally {
          log.push("finally ran")
        }
      }),
    )
    ex.runUntilStalled()
    expect(log).toEqual(["finally ran"])
  })

  it("a gen driven to completion from another gen's body uses its own context, not the outer one", () => {
    const outerWaker = new CountingWaker()
    const innerWaker = new CountingWaker()
    const p = new Probe()
    const innerGen = gen(function* () {
      return yield* suspend(() => p)
    })
    const outer = gen(function* () {
      // code in a gen body that polls another future by hand with another context
      const r = innerGen.poll(contextOf(innerWaker))
      const after = yield* ready("outer went on")
      return [r, after] as const
    })
    expect(outer.poll(contextOf(outerWaker))).toEqual([Pending, "outer went on"])
    p.resolve(1)
    expect(innerWaker.count).toBe(1)
    expect(outerWaker.count).toBe(0)
  })

  it(
    "a gen cancelled from another gen's body runs its finally blocks outside that gen: " +
      "yield* there is Interrupted",
    () => {
      const log: string[] = []
      const victim = gen(function* () {
        try {
          yield* suspend(() => new Probe("held"))
        } finally {
          try {
            yield* ready("cleanup step")
            log.push("cleanup yield* returned")
          } catch (e) {
            log.push(e instanceof Interrupted ? "cleanup yield* interrupted" : `other: ${String(e)}`)
          }
        }
      })
      expect(victim.poll(contextOf(new CountingWaker()))).toBe(Pending)
      const canceller = gen(function* () {
        victim.cancel()
        return yield* ready("done")
      })
      expect(canceller.poll(contextOf(new CountingWaker()))).toBe("done")
      expect(log).toEqual(["cleanup yield* interrupted"])
    },
  )

  it("plain sub-generators delegated with yield* share the gen's awaiting, ready and pending alike", () => {
    const p = new Probe()
    const w = new CountingWaker()
    function* twice(n: number) {
      const a = yield* ready(n)
      const b = yield* suspend(() => p)
      return a + b
    }
    const f = gen(function* () {
      const x = yield* twice(1)
      const y = yield* ready(100)
      return x + y
    })
    expect(f.poll(contextOf(w))).toBe(Pending)
    p.resolve(10)
    expect(f.poll(contextOf(w))).toBe(111)
  })

  it("a future awaited twice throws PollAfterReady at the second yield*", () => {
    const once = ready(1)
    const f = gen(function* () {
      const a = yield* once
      const b = yield* once
      return a + b
    })
    expect(() => f.poll(contextOf(new CountingWaker()))).toThrow(/ready\(\).*completed|completed/)
  })
})

describe("gen: a future's iterator driven by hand inside the body", () => {
  it("a later yield* still polls its own future, not a resumption of the abandoned one", () => {
    const cx = { waker: { wake() {} } }
    const stuck = pollFn(() => Pending)
    const f = gen(function* () {
      const it = stuck[Symbol.iterator]()
      it.next() // yields `stuck` to no one: it is never awaited
      const v = yield* ready(7)
      return v + 1
    })
    expect(f.poll(cx)).toBe(8)
  })
})
