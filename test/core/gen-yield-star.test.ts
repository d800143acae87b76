// yield* inside a gen: a body that cancels its own task, a gen that awaits itself, ready() handed back
// at once, generators driven by hand.
import { describe, expect, it } from "vitest"
import {
  InvalidArgument,
  Pending,
  PollAfterReady,
  gen,
  pollFn,
  ready,
  type Future,
  type Pollable,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, contextOf, manualFuture } from "@pollable/core/testing"

describe("gen yield*", () => {
  it("a gen cancelled by its own body does not poll (and so leak) the future it yield*s next", () => {
    const m = manualFuture<number>("after-cancel")
    let self: Future<number> | undefined
    const g = gen(function* body() {
      self!.cancel()
      return yield* m
    })
    self = g
    expect(g.poll(contextOf(new CountingWaker()))).toBe(Pending)
    // the gen is cancelled: nothing it awaits may stay registered (rule 4)
    expect(m.registered).toBe(false)
    expect(m.polls).toBe(0)
  })

  it("a task cancelled from its own body does not leave the next awaited future registered", () => {
    const ex = new ManualExecutor()
    const m = manualFuture<number>("after-cancel")
    let h: { cancel(): void } | undefined
    h = ex.spawn(
      gen(function* body() {
        h!.cancel()
        return yield* m
      }),
    )
    ex.runUntilStalled()
    expect(m.registered).toBe(false)
  })

  it("a gen that awaits itself gets the error of that poll at its yield*, and its later awaits still run", () => {
    // polling a gen from its own body fails (its generator is running); that failure must
    // reach the body like any awaited future's, not be taken for a cancel of the gen
    const m = manualFuture<number>("later")
    let self: Pollable<unknown> | undefined
    let caught: unknown
    const g = gen(function* me() {
      try {
        yield* self!
      } catch (e) {
        caught = e
      }
      return yield* m
    })
    self = g
    const w = new CountingWaker()
    expect(g.poll(contextOf(w))).toBe(Pending)
    expect(caught).toBeInstanceOf(InvalidArgument)
    expect(String(caught)).toContain("polled from inside its own body")
    expect(m.registered).toBe(true)
    // the gen is still usable: the failed self-poll did not mark it done
    m.resolve(7)
    expect(w.count).toBe(1)
    expect(g.poll(contextOf(w))).toBe(7)
  })

  it("yield* of a ready future gives its value at once and ends that future; a second yield* of it fails", () => {
    const r = ready(41)
    let second: unknown
    const g = gen(function* body() {
      const v = yield* r
      try {
        yield* r
      } catch (e) {
        second = e
      }
      return v + 1
    })
    expect(g.poll(contextOf(new CountingWaker()))).toBe(42)
    expect(second).toBeInstanceOf(PollAfterReady)
    expect(() => r.poll(contextOf(new CountingWaker()))).toThrow(PollAfterReady)
  })

  it("a gen cancelled by its own body does not go on past a yield* of a ready future; its finally runs", () => {
    const order: string[] = []
    let self: Future<number> | undefined
    const g = gen(function* body() {
      try {
        self!.cancel()
        const v = yield* ready(1)
        order.push(`went on with ${v}`)
        return v
      } finally {
        order.push("finally")
      }
    })
    self = g
    expect(g.poll(contextOf(new CountingWaker()))).toBe(Pending)
    expect(order).toEqual(["finally"])
  })

  it("outside a running gen, yield* of a ready future yields it once to whoever drives the generator", () => {
    function* byHand(): Generator<unknown, number, unknown> {
      return yield* ready(5)
    }
    const it = byHand()
    const first = it.next()
    expect(first.done).toBe(false)
    const f = first.value as Future<number>
    expect(f.poll(contextOf(new CountingWaker()))).toBe(5)
    expect(it.next(5)).toEqual({ done: true, value: 5 })
  })
  it("a generator driven by hand inside a future a gen awaits yields its futures to that hand", () => {
    // the gen is the ambient driver for its whole poll, but its body is not what runs here
    const seen: unknown[] = []
    let step = 0
    const byHandFuture = pollFn<number>(() => {
      function* inner(): Generator<unknown, number, unknown> {
        const a = yield* ready(1)
        const b = yield* gen(function* () {
          return 2
        })
        return a + b
      }
      const it = inner()
      let r = it.next()
      while (r.done !== true) {
        seen.push(r.value)
        const f = r.value as Future<number>
        r = it.next(f.poll(contextOf(new CountingWaker())) as number)
      }
      return step++ === 0 ? Pending : r.value
    })
    const waker = new CountingWaker()
    const outer = gen(function* () {
      const v = yield* byHandFuture
      return yield* ready(v * 10)
    })
    expect(outer.poll(contextOf(waker))).toBe(Pending)
    expect(outer.poll(contextOf(waker))).toBe(30)
    // both polls of the future drove the generator by hand: each yielded its two futures
    expect(seen).toHaveLength(4)
  })
})
