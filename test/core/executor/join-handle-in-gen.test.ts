// `yield* handle` inside gen, for the reference executor and the adapters' executors.
import { describe, expect, it } from "vitest"
import { Interrupted, gen, sleep, type Executor } from "@pollable/core"
import { ManualExecutor, VirtualClock, manualFuture } from "@pollable/core/testing"
import { NativeExecutor } from "@pollable/adapter-native"
import { RxjsExecutor } from "@pollable/adapter-rxjs"

class NotFound extends Error {
  readonly _tag = "NotFound"
}

/** A gen that spawns two tasks on `ex` and awaits both handles with `yield*`. */
const parent = (ex: Executor) =>
  gen(function* () {
    const a = ex.spawn(
      gen(function* () {
        yield* sleep(10)
        return 20
      }),
    )
    const b = ex.spawn(
      gen(function* () {
        return 22
      }),
    )
    return (yield* a) + (yield* b)
  })

describe("yield* a JoinHandle inside gen", () => {
  it("reference executor: the value comes out, and a failure lands in the gen", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    expect(ex.blockOn(parent(ex))).toBe(42)
    const failing = ex.spawn(
      gen(function* () {
        const h = ex.spawn(
          gen(function* (): Generator<never, number> {
            throw new NotFound("nope")
          }),
        )
        try {
          return yield* h
        } catch (e) {
          return e instanceof NotFound ? -1 : -2
        }
      }),
    )
    ex.runUntilStalled()
    expect(failing.outcome).toEqual({ _tag: "Success", value: -1 })
  })

  it("reference executor: cancelling the gen while it awaits the handle cancels the task", () => {
    const ex = new ManualExecutor()
    const inner = manualFuture<number>("inner")
    let child!: ReturnType<typeof ex.spawn<number, never>>
    const outer = ex.spawn(
      gen(function* () {
        child = ex.spawn(inner)
        return yield* child
      }),
    )
    ex.runUntilStalled()
    expect(inner.registered).toBe(true)
    outer.cancel()
    ex.runUntilStalled()
    expect(inner.cancels).toBe(1)
    expect(child.outcome).toEqual({ _tag: "Interrupted" })
  })

  it("a cancelled task awaited with yield* throws Interrupted into the gen", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(manualFuture<number>())
    const outer = ex.spawn(
      gen(function* () {
        try {
          return yield* h
        } catch (e) {
          return e instanceof Interrupted ? "interrupted" : "other"
        }
      }),
    )
    ex.runUntilStalled()
    h.cancel()
    ex.runUntilStalled()
    expect(outer.outcome).toEqual({ _tag: "Success", value: "interrupted" })
  })

  it("NativeExecutor (virtual clock)", async () => {
    const clock = new VirtualClock()
    const ex = new NativeExecutor({ timer: clock })
    const h = ex.spawn(parent(ex))
    await clock.runAllAsync()
    await expect(h).resolves.toBe(42)
  })

  it("RxjsExecutor (virtual clock)", async () => {
    const clock = new VirtualClock()
    const ex = new RxjsExecutor(undefined, { timer: clock })
    const h = ex.spawn(parent(ex))
    await clock.runAllAsync()
    await expect(h).resolves.toBe(42)
  })
})
