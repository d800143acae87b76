import { describe, expect, it } from "vitest"
import { fn, gen, joinAll, ready, sleep, type Context, type Pollable } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

const cx: Context = { waker: { wake() {} } }

describe("fn: a library function defined once from a generator function", () => {
  it("calls the generator with the call's arguments and returns its value", () => {
    const add = fn(function* add(a: number, b: number) {
      const x = yield* ready(a)
      return x + b
    })
    expect(new ManualExecutor().blockOn(add(40, 2))).toBe(42)
    expect(new ManualExecutor().blockOn(joinAll([1, 2, 3].map((n) => add(n, n))))).toEqual([2, 4, 6])
  })

  it("passes every call's arguments exactly as given, whatever their count", () => {
    const seen = fn(function* seen(...args: unknown[]) {
      return yield* ready([args.length, ...args])
    })
    const poll = <T>(f: Pollable<T, never>): T => new ManualExecutor().blockOn(f)
    const list = [1, 2]
    expect(poll(seen())).toEqual([0])
    // one argument that is itself an array reaches the body as that array, not spread
    expect(poll(seen(list))).toEqual([1, list])
    expect((poll(seen(list)) as unknown[])[1]).toBe(list)
    expect(poll(seen(undefined))).toEqual([1, undefined])
    expect(poll(seen("a", undefined))).toEqual([2, "a", undefined])
    expect(poll(seen(1, 2, 3, 4, 5))).toEqual([5, 1, 2, 3, 4, 5])
    // gen(body, ...args) too
    expect(
      poll(
        gen(function* (a: unknown) {
          return yield* ready(a)
        }, list),
      ),
    ).toBe(list)
    expect(
      poll(
        gen(function* (...a: unknown[]) {
          return yield* ready(a.length)
        }, undefined),
      ),
    ).toBe(1)
    expect(
      poll(
        gen(function* (...a: unknown[]) {
          return yield* ready(a.length)
        }),
      ),
    ).toBe(0)
  })

  it("a body that can see arguments past its declared parameters gets every one of them", () => {
    const poll = <T>(f: Pollable<T, never>): T => new ManualExecutor().blockOn(f)
    // `length` counts only the parameters before a default or a rest one
    const withDefault = fn(function* withDefault(a: number, b: number = 100) {
      return yield* ready(a + b)
    })
    expect(withDefault.length).toBe(1)
    expect(poll(withDefault(1))).toBe(101)
    expect(poll(withDefault(1, 2))).toBe(3)
    expect([1, 2].map((x, i) => poll(withDefault(x, i)))).toEqual([1, 3])
    const withRest = fn(function* withRest(a: number, ...more: number[]) {
      return yield* ready(a + more.length)
    })
    expect(poll(withRest(10, 0, 0, 0))).toBe(13)
    const readsArguments = fn(function* readsArguments(a: string) {
      // biome-ignore lint/complexity/noArguments: what this test is about
      const all = Array.from(arguments) as unknown[]
      return yield* ready(`${a}:${all.length}`)
    }) as (...args: string[]) => Pollable<string, never>
    expect(poll(readsArguments("x", "y", "z"))).toBe("x:3")
    const destructured = fn(function* destructured({ a }: { a: number }, b: number = 1) {
      return yield* ready(a + b)
    })
    expect(poll(destructured({ a: 1 }, 5))).toBe(6)
    // a plain one-parameter body, handed to `map` (which passes three arguments)
    const plain = fn(function* plain(i: number) {
      return yield* ready(i * 2)
    })
    expect(poll(joinAll([1, 2, 3].map(plain)))).toEqual([2, 4, 6])
    const none = fn(function* none() {
      return yield* ready("none")
    })
    expect(poll(joinAll([1, 2].map(none)))).toEqual(["none", "none"])
  })

  it("is lazy (rule 7): the body starts at the first poll, once per call", () => {
    let started = 0
    const count = fn(function* count() {
      started++
      return yield* ready(started)
    })
    const a = count()
    const b = count()
    expect(started).toBe(0)
    expect(b.poll(cx)).toBe(1)
    expect(a.poll(cx)).toBe(2)
    expect(started).toBe(2)
  })

  it("each call is an independent future, named after the generator function", () => {
    const named = fn(function* fetchBoth(a: string) {
      return yield* ready(a)
    })
    expect(named.name).toBe("fetchBoth")
    expect(named.length).toBe(1) // what bind() reads to find a trailing options argument
    const f = named("x")
    expect(String(f)).toBe("gen(fetchBoth)")
    expect(f.poll(cx)).toBe("x")
    expect(String(f)).toBe("gen(fetchBoth)")
    expect(() => f.poll(cx)).toThrow(expect.objectContaining({ name: "PollAfterReady" }))
    expect(named("y").poll(cx)).toBe("y")
  })

  it("awaits real suspensions and is cancellable like gen (its finally blocks run)", async () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const log: string[] = []
    const nap = fn(function* nap(ms: number) {
      try {
        yield* sleep(ms)
        log.push("woke")
        return ms
      } finally {
        log.push("cleanup")
      }
    })
    const done = ex.spawn(nap(10))
    ex.runUntilStalled()
    clock.advance(10)
    ex.runUntilStalled()
    expect(done.outcome).toEqual({ _tag: "Success", value: 10 })
    const cancelled = ex.spawn(nap(10))
    ex.runUntilStalled()
    cancelled.cancel()
    expect(log).toEqual(["woke", "cleanup", "cleanup"])
    expect(clock.pendingTimers).toBe(0)
  })

  it("refuses a body that is not a generator function with InvalidArgument, at definition", () => {
    expect(() => fn(42 as never)).toThrow(
      expect.objectContaining({ name: "InvalidArgument", message: expect.stringMatching(/^fn\(body\)/) }),
    )
    expect(() => fn((async (x: number) => x) as never)).toThrow(
      "expected a generator function (function* () {…}), got an async function",
    )
  })
})
