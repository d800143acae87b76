import { describe, expect, it } from "vitest"
import { Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { InvalidArgument, acquireRelease, gen, map, pending, ready, setFaultReporter, sleep } from "@pollable/core"
import { resourceToEffect, toEffect } from "@pollable/adapter-effect"

class Conn {
  closed = 0
  constructor(readonly id: number) {}
}
class Refused extends Error {
  readonly _tag = "Refused"
}

describe("resourceToEffect: a pollable acquireRelease as Effect's acquireRelease + Scope", () => {
  it("releases once when the Effect scope closes after success", async () => {
    const conns: Conn[] = []
    const res = resourceToEffect(() =>
      acquireRelease(
        map(ready(0), () => (conns.push(new Conn(conns.length)), conns.at(-1)!)),
        (c) => void c.closed++,
      ),
    )
    const program = Effect.scoped(
      Effect.gen(function* () {
        const c = yield* res
        expect(c.closed).toBe(0) // held while the scope is open
        return c.id
      }),
    )
    expect(await Effect.runPromise(program)).toBe(0)
    expect(conns.map((c) => c.closed)).toEqual([1])
  })
  it("releases once when the scoped body fails", async () => {
    const conn = new Conn(1)
    const program = Effect.scoped(
      Effect.flatMap(
        resourceToEffect(() => acquireRelease(ready(conn), (c) => void c.closed++)),
        () => Effect.fail("body failed"),
      ),
    )
    const exit = await Effect.runPromiseExit(program)
    expect(exit).toEqual(Exit.fail("body failed"))
    expect(conn.closed).toBe(1)
  })
  it("releases once when the fiber is interrupted while holding it", async () => {
    const conn = new Conn(1)
    const program = Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(
        Effect.scoped(
          Effect.flatMap(
            resourceToEffect(() => acquireRelease(ready(conn), (c) => void c.closed++)),
            () => toEffect(() => pending()),
          ),
        ),
      )
      yield* TestClock.adjust("10 millis")
      expect(conn.closed).toBe(0)
      yield* Fiber.interrupt(fiber)
      return conn.closed
    })
    expect(await Effect.runPromise(Effect.provide(program, TestClock.layer()))).toBe(1)
  })
  it("interrupting during the acquire cancels it and releases nothing", async () => {
    let released = 0
    let acquireCancelled = false
    const program = Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(
        Effect.scoped(
          resourceToEffect(() =>
            acquireRelease(
              gen(function* () {
                try {
                  yield* sleep(1_000)
                  return 1
                } finally {
                  acquireCancelled = true
                }
              }),
              () => void released++,
            ),
          ),
        ),
      )
      yield* TestClock.adjust("10 millis")
      yield* Fiber.interrupt(fiber)
    })
    await Effect.runPromise(Effect.provide(program, TestClock.layer()))
    expect(acquireCancelled).toBe(true)
    expect(released).toBe(0)
  })
  it("a failed acquire lands in the typed error channel, nothing released", async () => {
    let released = 0
    const res = resourceToEffect(() =>
      acquireRelease(
        gen(function* () {
          throw new Refused()
        }),
        () => void released++,
      ),
    )
    const exit = await Effect.runPromiseExit(Effect.scoped(res))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(released).toBe(0)
  })
  it("a throwing release is reported, the scope's outcome stays a success", async () => {
    const faults: unknown[] = []
    const prev = setFaultReporter((e) => void faults.push(e))
    try {
      const res = resourceToEffect(() =>
        acquireRelease(ready(5), () => {
          throw new Error("close failed")
        }),
      )
      expect(await Effect.runPromise(Effect.scoped(res))).toBe(5)
      expect(faults).toHaveLength(1)
    } finally {
      setFaultReporter(prev)
    }
  })
  it("InvalidArgument for a non-function make", () => {
    expect(() => resourceToEffect(3 as never)).toThrow(InvalidArgument)
  })
})
