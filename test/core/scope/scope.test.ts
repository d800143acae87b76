import { describe, expect, it } from "vitest"
import {
  ChildrenFailed,
  gen,
  Interrupted,
  PollAfterReady,
  ready,
  scope,
  ScopeClosed,
  sleep,
  yieldNow,
  type Future,
  type Scope,
  wrap,
  Semaphore,
  type SemaphoreClosed,
} from "@pollable/core"
import { virtualTime } from "@pollable/core/testing"
import { after, Boom, Gate, Tracked } from "./scope-helpers.js"

const setup = virtualTime

const failAfter = (ms: number, tag: string): Future<never, Boom> =>
  gen(function* () {
    yield* sleep(ms)
    throw new Boom(tag)
  })

describe("scope: completion", () => {
  it("returns the body's value after every child ended; children run concurrently", () => {
    const { clock, ex } = setup()
    const v = ex.blockOn(
      scope(function* (s) {
        const a = s.spawn(after(10, 1))
        const b = s.spawn(after(30, 2))
        return (yield* a) + (yield* b)
      }),
    )
    expect(v).toBe(3)
    expect(clock.now()).toBe(30)
    expect(clock.pendingTimers).toBe(0)
    expect(ex.strayWakes).toBe(0)
  })

  it("waits for children the body never awaited", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const h = ex.spawn(
      scope(function* (s) {
        s.spawn(new Tracked("slow", after(50, 0), log))
        return "body done"
      }),
    )
    clock.advance(49)
    expect(h.outcome).toBeUndefined()
    clock.advance(1)
    expect(h.outcome).toEqual({ _tag: "Success", value: "body done" })
    expect(log).toEqual(["slow:ok"])
  })

  it("is lazy: the body starts at the first poll, children at the scope's next pass", () => {
    let started = false
    const f = scope(function* (s) {
      started = true
      s.spawn(ready(1))
      return 0
    })
    expect(started).toBe(false)
    const { ex } = setup()
    expect(ex.blockOn(f)).toBe(0)
    expect(started).toBe(true)
  })

  it("children can spawn siblings, also after the body returned", () => {
    const { ex } = setup()
    const seen: number[] = []
    const v = ex.blockOn(
      scope(function* (s: Scope<never>) {
        s.spawn(
          gen(function* () {
            yield* sleep(5)
            s.spawn(
              gen(function* () {
                yield* sleep(5)
                seen.push(2)
              }),
            )
            seen.push(1)
          }),
        )
        return s.size
      }),
    )
    expect(v).toBe(1)
    expect(seen).toEqual([1, 2])
  })

  it("a child can await a sibling's handle", () => {
    const { ex } = setup()
    const v = ex.blockOn(
      scope(function* (s) {
        const a = s.spawn(after(10, 20))
        const b = s.spawn(
          gen(function* () {
            return (yield* a) + 1
          }),
        )
        return yield* b
      }),
    )
    expect(v).toBe(21)
  })
})

describe("scope: fail-fast", () => {
  it("one child throwing cancels its siblings at once and the scope rethrows", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const slow = new Tracked("slow", after(1000, 1), log)
    const h = ex.spawn(
      scope(function* (s) {
        s.spawn(slow)
        s.spawn(new Tracked("bad", failAfter(10, "x"), log))
        return 0
      }),
    )
    clock.advance(10)
    expect(h.outcome?._tag).toBe("Failure")
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(Boom)
    expect(log).toEqual(["bad:err", "slow:cancel"])
    expect(slow.cancels).toBe(1)
    expect(clock.pendingTimers).toBe(0)
    clock.runAll()
    expect(ex.strayWakes).toBe(0)
  })

  it("the body is cancelled too: its finally runs after the children's", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    ex.spawn(
      scope(function* (s) {
        s.spawn(new Tracked("c1", after(100, 0), log))
        s.spawn(new Tracked("c2", failAfter(5, "c2"), log))
        s.spawn(new Tracked("c3", after(100, 0), log))
        try {
          yield* sleep(1000)
        } finally {
          log.push("body:finally")
        }
      }),
    )
    clock.advance(5)
    expect(log).toEqual(["c2:err", "c3:cancel", "c1:cancel", "body:finally"])
  })

  it("a failing body cancels every child and rethrows", () => {
    const { ex } = setup()
    const log: string[] = []
    expect(() =>
      ex.blockOn(
        scope(function* (s) {
          s.spawn(new Tracked("c", after(100, 0), log))
          yield* sleep(1)
          throw new Boom("body")
        }),
      ),
    ).toThrow("boom body")
    expect(log).toEqual(["c:cancel"])
  })

  it("errors raised while tearing down are attached to the first as `suppressed`", () => {
    const { clock, ex } = setup()
    const f = scope(function* (s) {
      s.spawn(
        gen(function* () {
          try {
            yield* sleep(100)
          } finally {
            throw new Boom("cleanup")
          }
        }),
      )
      s.spawn(failAfter(1, "first"))
      return 0
    })
    const h = ex.spawn(f)
    clock.advance(1)
    const err = (h.outcome as { error: Boom & { suppressed?: unknown[] } }).error
    expect(err.tag).toBe("first")
    expect(err.suppressed?.map((e) => (e as Boom).tag)).toEqual(["cleanup"])
    expect(f.errors.map((e) => (e as Boom).tag)).toEqual(["first", "cleanup"])
  })
})

describe("scope: collectAll", () => {
  it("a failure of an unawaited child lets the others finish and fails the scope with ChildrenFailed", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const h = ex.spawn(
      scope(
        function* (s) {
          s.spawn(new Tracked("bad1", failAfter(1, "1"), log))
          s.spawn(new Tracked("good", after(10, 0), log))
          s.spawn(new Tracked("bad2", failAfter(2, "2"), log))
          return "v"
        },
        { mode: "collectAll" },
      ),
    )
    clock.runAll()
    expect(log).toEqual(["bad1:err", "bad2:err", "good:ok"])
    const err = (h.outcome as { error: ChildrenFailed<Boom> }).error
    expect(err).toBeInstanceOf(ChildrenFailed)
    expect(err.errors.map((e) => e.tag)).toEqual(["1", "2"])
  })

  it("a failure the body awaited and caught is handled", () => {
    const { ex } = setup()
    const v = ex.blockOn(
      scope(
        function* (s) {
          const bad = s.spawn(failAfter(1, "x"))
          const good = s.spawn(after(5, 2))
          try {
            yield* bad
          } catch (e) {
            return `caught ${(e as Boom).tag}, then ${yield* good}`
          }
          return "unreachable"
        },
        { mode: "collectAll" },
      ),
    )
    expect(v).toBe("caught x, then 2")
  })
})

describe("scope: cancellation", () => {
  it("cancelling the scope cancels every child exactly once, at once, newest first", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const children: Tracked<number, never>[] = []
    const h = ex.spawn(
      scope(function* (s) {
        for (let i = 0; i < 3; i++) {
          const t = new Tracked(`c${i}`, after(1000, i), log)
          children.push(t)
          s.spawn(t)
        }
        return 0
      }),
    )
    clock.advance(10)
    expect(clock.pendingTimers).toBe(3)
    h.cancel()
    expect(log).toEqual(["c2:cancel", "c1:cancel", "c0:cancel"])
    expect(children.map((c) => c.cancels)).toEqual([1, 1, 1])
    expect(clock.pendingTimers).toBe(0) // released now, not at t=1000
    h.cancel()
    expect(children.map((c) => c.cancels)).toEqual([1, 1, 1])
    clock.runAll()
    expect(ex.strayWakes).toBe(0)
  })

  it("a cancelled suspended child is disposed at once, not when its timer would fire", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    ex.spawn(
      scope(function* (s) {
        const c = s.spawn(
          gen(function* () {
            try {
              yield* sleep(1000)
            } finally {
              log.push(`child finally at ${clock.now()}`)
            }
          }),
        )
        yield* sleep(10)
        c.cancel()
        log.push(`cancelled at ${clock.now()}`)
        expect(c.outcome).toEqual({ _tag: "Interrupted" })
      }),
    )
    clock.advance(10)
    expect(log).toEqual(["child finally at 10", "cancelled at 10"])
    expect(clock.pendingTimers).toBe(0)
  })

  it("awaiting a cancelled child throws Interrupted; cancelChildren cancels all but the body", () => {
    const { ex } = setup()
    const v = ex.blockOn(
      scope(function* (s) {
        const a = s.spawn(after(100, 1))
        const b = s.spawn(after(100, 2))
        yield* sleep(1)
        expect(s.size).toBe(2)
        s.cancelChildren()
        expect(s.size).toBe(0)
        expect(b.outcome?._tag).toBe("Interrupted")
        try {
          yield* a
        } catch (e) {
          return e instanceof Interrupted
        }
        return false
      }),
    )
    expect(v).toBe(true)
  })

  it("abort after finish is a no-op and the output is still delivered", () => {
    const { ex } = setup()
    const f = scope(function* (s) {
      const c = s.spawn(ready(7))
      yield* yieldNow()
      yield* yieldNow()
      expect(c.outcome).toEqual({ _tag: "Success", value: 7 })
      c.cancel() // child already finished
      return yield* c
    })
    const h = ex.spawn(f)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    h.cancel()
    f.cancel()
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    expect(ex.strayWakes).toBe(0)
  })

  it("a child cancelled through its handle from another task ends the scope (no lost wake)", () => {
    const { clock, ex } = setup()
    let handle: { cancel(): void } | undefined
    const h = ex.spawn(
      scope(function* (s) {
        handle = s.spawn(sleep(1000)) // handed out; the body returns without awaiting it
        return 7
      }),
    )
    ex.runUntilStalled()
    expect(h.outcome).toBeUndefined() // waits for its child
    handle!.cancel() // from outside any poll of the scope
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 7 })
    expect(clock.pendingTimers).toBe(0)
  })

  it("nested scopes cancel inner-first", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const leaf = (name: string) =>
      gen(function* () {
        try {
          yield* sleep(1000)
        } finally {
          log.push(name)
        }
      })
    const h = ex.spawn(
      scope(function* outer(s) {
        s.spawn(leaf("outer.child1"))
        s.spawn(
          scope(function* inner(t) {
            t.spawn(leaf("inner.child1"))
            t.spawn(leaf("inner.child2"))
            try {
              yield* sleep(1000)
            } finally {
              log.push("inner.body")
            }
          }),
        )
        try {
          yield* scope(function* innermost(u) {
            u.spawn(leaf("innermost.child"))
            try {
              yield* sleep(1000)
            } finally {
              log.push("innermost.body")
            }
          })
        } finally {
          log.push("outer.body")
        }
      }),
    )
    clock.advance(1)
    h.cancel()
    expect(log).toEqual([
      "inner.child2",
      "inner.child1",
      "inner.body",
      "outer.child1",
      "innermost.child",
      "innermost.body",
      "outer.body",
    ])
    expect(clock.pendingTimers).toBe(0)
  })

  it("disposes with Symbol.dispose (explicit call and `using`)", () => {
    const { clock, ex } = setup()
    const log: string[] = []
    const f = scope(function* (s) {
      s.spawn(new Tracked("c", after(100, 0), log))
      const d = s.spawn(new Tracked("d", after(100, 0), log))
      yield* sleep(1)
      d[Symbol.dispose]()
      return 0
    })
    ex.spawn(f)
    clock.advance(1)
    expect(log).toEqual(["d:cancel"])
    f[Symbol.dispose]()
    expect(log).toEqual(["d:cancel", "c:cancel"])
    {
      using g = scope(function* (s) {
        s.spawn(new Tracked("u", after(100, 0), log))
        return 0
      })
      ex.spawn(g)
      ex.runUntilStalled()
      ex.runUntilStalled()
    }
    expect(log).toEqual(["d:cancel", "c:cancel", "u:cancel"])
    expect(clock.pendingTimers).toBe(0)
  })
})

describe("scope: closed", () => {
  it("a child spawning into a closed scope gets ScopeClosed", () => {
    const { clock, ex } = setup()
    let saved: Scope | undefined
    ex.blockOn(
      scope(function* (s) {
        saved = s
        return 0
      }),
    )
    expect(saved!.closed).toBe(true)
    const late = ex.spawn(
      gen(function* () {
        yield* sleep(1)
        saved!.spawn(ready(1))
      }),
    )
    clock.advance(1)
    const e = (late.outcome as { error: unknown }).error
    expect(e).toBeInstanceOf(ScopeClosed)
    expect(String((e as Error).message)).toMatch(/cannot spawn into scope\(anonymous\): it already completed/)
  })

  it("spawning from a finally block during cancel is refused too", () => {
    const { ex } = setup()
    let err: unknown
    const h = ex.spawn(
      scope(function* (s) {
        try {
          yield* sleep(100)
        } finally {
          try {
            s.spawn(ready(0))
          } catch (e) {
            err = e
          }
        }
      }),
    )
    ex.runUntilStalled()
    h.cancel()
    expect(err).toBeInstanceOf(ScopeClosed)
    expect((err as ScopeClosed).why).toBe("cancelled")
  })

  it("polling the scope after it completed throws PollAfterReady", () => {
    const { ex } = setup()
    const f = scope(function* () {
      return 1
    })
    expect(ex.blockOn(f)).toBe(1)
    expect(() => f.poll({ waker: { wake() {} } })).toThrow(PollAfterReady)
  })
})

describe("scope: scale", () => {
  it("10,000 children complete and leave no timer or waker behind", () => {
    const { clock, ex } = setup()
    const N = 10_000
    const gates: Gate<number>[] = []
    const h = ex.spawn(
      scope(function* (s) {
        let sum = 0
        const hs = []
        for (let i = 0; i < N; i++) {
          hs.push(
            s.spawn(
              gen(function* () {
                yield* sleep(i % 7)
                return i
              }),
            ),
          )
        }
        for (let i = 0; i < 100; i++) {
          const g = new Gate<number>(`g${i}`)
          gates.push(g)
          hs.push(s.spawn(g))
        }
        for (const c of hs) sum += yield* c
        return sum
      }),
    )
    clock.advance(10)
    expect(h.outcome).toBeUndefined()
    for (const g of gates) g.open(1)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: (N * (N - 1)) / 2 + 100 })
    expect(gates.every((g) => g.polls === 2)).toBe(true) // one poll to register, one to finish
    expect(clock.pendingTimers).toBe(0)
    clock.runAll()
    expect(ex.strayWakes).toBe(0)
  })
})

describe("scope: arguments", () => {
  it("rejects a non-function body and an unknown mode", () => {
    expect(() => scope(1 as never)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
    expect(() => scope(function* () {}, { mode: "nope" as never })).toThrow(/unknown mode/)
  })

  it("rejects malformed options with a message naming the option", () => {
    expect(() => scope(function* () {}, { name: 42 as never })).toThrow(/scope\(body, options\): name must be a string/)
    expect(() => scope(function* () {}, "collectAll" as never)).toThrow(/options must be an object, got a string/)
    expect(() => scope(function* () {}, null as never)).toThrow(/got null/)
  })
})

describe("scope: the library-author example", () => {
  // the TSDoc example of scope(), verbatim
  const fetchAll = <E>(urls: readonly string[], fetchPage: (url: string) => Future<string, E>) =>
    scope(function* (s: Scope<E | SemaphoreClosed>) {
      const slots = new Semaphore(4)
      const pages = urls.map((url) =>
        s.spawn(
          gen(function* () {
            using _permit = yield* slots.acquire()
            return yield* wrap(fetchPage(url))
          }),
        ),
      )
      const out: string[] = []
      for (const p of pages) out.push(yield* p)
      return out
    })

  const harness = (failing?: string) => {
    let inFlight = 0
    let max = 0
    const started: string[] = []
    const cancelled: string[] = []
    const fetchPage = (url: string): Future<string, Boom> =>
      gen(function* () {
        started.push(url)
        inFlight++
        max = Math.max(max, inFlight)
        let done = false
        try {
          yield* sleep(url === failing ? 5 : 10)
          if (url === failing) throw new Boom(url)
          done = true
          return `<${url}>`
        } finally {
          inFlight--
          if (!done && url !== failing) cancelled.push(url)
        }
      })
    return {
      fetchPage,
      started,
      cancelled,
      get max() {
        return max
      },
    }
  }

  it("fetches every page, at most 4 at a time, in order", () => {
    const { clock, ex } = setup()
    const h = harness()
    const urls = Array.from({ length: 10 }, (_, i) => `p${i}`)
    expect(ex.blockOn(fetchAll(urls, h.fetchPage))).toEqual(urls.map((u) => `<${u}>`))
    expect(h.max).toBe(4)
    expect(clock.now()).toBe(30) // 10 pages, 4 at a time, 10 ms each
  })

  it("cancels every fetch in flight on the first error", () => {
    const { clock, ex } = setup()
    const h = harness("p5")
    const urls = Array.from({ length: 10 }, (_, i) => `p${i}`)
    expect(() => ex.blockOn(fetchAll(urls, h.fetchPage))).toThrow("boom p5")
    expect(h.started).toEqual(["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"])
    expect(h.cancelled).toEqual(["p7", "p6", "p4"])
    expect(clock.now()).toBe(15)
    expect(clock.pendingTimers).toBe(0)
  })
})
