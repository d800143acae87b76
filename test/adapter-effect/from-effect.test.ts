import { describe, expect, it } from "vitest"
import { Cause, Context as EffectContext, Deferred, Effect, Exit, Fiber, Layer, ManagedRuntime } from "effect"
import { Interrupted, LocalExecutor, Pending, race, sleep, type Outcome } from "@pollable/core"
import { ManualExecutor, VirtualClock, contextOf, CountingWaker } from "@pollable/core/testing"
import {
  EffectDefect,
  EffectExecutor,
  exitToOutcome,
  fromEffect,
  outcomeToExit,
  toEffect,
} from "@pollable/adapter-effect"
import { MyError } from "./helpers.js"
import { macrotask } from "../support/runtime.js"

/** Run a future on a fresh EffectExecutor and return its outcome. */
const outcome = async <T, E>(f: import("@pollable/core").Future<T, E>): Promise<Outcome<T, E>> => {
  const h = new EffectExecutor().spawn(f)
  await h.then(
    () => {},
    () => {},
  )
  return h.outcome!
}

describe("fromEffect: Exit → outcome (rule 6)", () => {
  it("success", async () => {
    expect(await outcome(fromEffect(Effect.succeed(1)))).toEqual({ _tag: "Success", value: 1 })
  })

  it("typed failure throws the error itself", async () => {
    const e = new MyError("bad")
    expect(await outcome(fromEffect(Effect.fail(e)))).toEqual({ _tag: "Failure", error: e })
  })

  it("interruption is the interrupted outcome (poll throws Interrupted)", async () => {
    const f = fromEffect(Effect.interrupt)
    const h = new EffectExecutor().spawn(f)
    const err = await h.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(h.outcome).toEqual({ _tag: "Interrupted" }) // the task that saw the throw ends interrupted
    expect(err).toBeInstanceOf(Interrupted) // and its handle rethrows the Interrupted poll threw
  })

  it("a defect fails with EffectDefect carrying the defect and the cause", async () => {
    const bug = new TypeError("oops")
    const o = await outcome(fromEffect(Effect.die(bug)))
    const err = (o as unknown as { error: EffectDefect }).error
    expect(err).toBeInstanceOf(EffectDefect)
    expect(err.defect).toBe(bug)
    expect(Cause.hasDies(err.cause)).toBe(true)
    expect(err.message).toMatch(/TypeError: oops/)
  })

  it("async effects wake the task when the fiber exits", async () => {
    const d = Effect.runSync(Deferred.make<number>())
    const f = fromEffect(Deferred.await(d))
    const h = new EffectExecutor().spawn(f)
    await macrotask()
    expect(h.outcome).toBe(undefined)
    Effect.runSync(Deferred.succeed(d, 5))
    expect(await h).toBe(5)
  })
})

describe("fromEffect: laziness and cancellation", () => {
  it("forks at the first poll, not before (rule 7)", () => {
    let runs = 0
    const f = fromEffect(Effect.sync(() => ++runs))
    expect(runs).toBe(0)
    expect(f.fiber).toBe(undefined)
    expect(f.poll(contextOf(new CountingWaker()))).toBe(1)
    expect(runs).toBe(1)
    expect(() => f.poll(contextOf(new CountingWaker()))).toThrow(expect.objectContaining({ name: "PollAfterReady" }))
  })

  it("cancel interrupts the fiber and acquireRelease's release runs", async () => {
    const log: string[] = []
    const resource = Effect.acquireRelease(
      Effect.sync(() => {
        log.push("acquire")
        return 1
      }),
      (_, exit) => Effect.sync(() => log.push(Exit.hasInterrupts(exit) ? "release (interrupted)" : "release")),
    )
    const f = fromEffect(Effect.scoped(Effect.andThen(resource, Effect.never)))
    const w = new CountingWaker()
    expect(f.poll(contextOf(w))).toBe(Pending)
    expect(log).toEqual(["acquire"])
    f.cancel()
    expect(log).toEqual(["acquire", "release (interrupted)"]) // synchronous finalizer ran inside cancel()
    const exit = await Effect.runPromise(Fiber.await(f.fiber!))
    expect(Exit.hasInterrupts(exit)).toBe(true)
    expect(w.count).toBe(0) // no callback of the cancelled future ran (rule 4)
    f.cancel() // idempotent
  })

  it("asynchronous finalizers can be awaited through future.fiber", async () => {
    const log: string[] = []
    const f = fromEffect(
      Effect.never.pipe(Effect.ensuring(Effect.sleep(5).pipe(Effect.andThen(Effect.sync(() => log.push("cleaned")))))),
    )
    f.poll(contextOf(new CountingWaker()))
    f.cancel()
    expect(log).toEqual([])
    await Effect.runPromise(Fiber.await(f.fiber!))
    expect(log).toEqual(["cleaned"])
  })

  it("cancelling before the first poll never forks", () => {
    let runs = 0
    const f = fromEffect(Effect.sync(() => ++runs))
    f.cancel()
    expect(f.fiber).toBe(undefined)
    expect(runs).toBe(0)
  })

  it("losing a pollable race interrupts the Effect", async () => {
    let interrupted = 0
    const clock = new VirtualClock()
    const ex = new EffectExecutor({ timer: clock })
    const loser = fromEffect(Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => interrupted++))))
    const h = ex.spawn(race(sleep(10), loser))
    await clock.advanceAsync(10)
    await h
    expect(interrupted).toBe(1)
  })

  it("a fromEffect winning a pollable race cancels the pollable loser", async () => {
    const clock = new VirtualClock()
    const ex = new EffectExecutor({ timer: clock })
    const h = ex.spawn(race(sleep(1000), fromEffect(Effect.succeed("effect"))))
    expect(await h).toBe("effect")
    expect(clock.pendingTimers).toBe(0)
  })
})

describe("fromEffect: runtime option", () => {
  interface Greeter {
    greet(n: string): string
  }
  const Greeter = EffectContext.Service<Greeter>("Greeter")
  const program = Effect.gen(function* () {
    const g = yield* Greeter
    return g.greet("pollable")
  })

  it("takes a Context of services", async () => {
    const services = EffectContext.make(Greeter, { greet: (n) => `hi ${n}` })
    expect(await new EffectExecutor().spawn(fromEffect(program, { runtime: services }))).toBe("hi pollable")
  })

  it("takes a ManagedRuntime", async () => {
    const rt = ManagedRuntime.make(Layer.succeed(Greeter, { greet: (n: string) => `hello ${n}` }))
    try {
      expect(await new EffectExecutor().spawn(fromEffect(program, { runtime: rt }))).toBe("hello pollable")
    } finally {
      await rt.dispose()
    }
  })

  it("runs on any pollable executor (ManualExecutor)", async () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(fromEffect(Effect.succeed(3)))
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: 3 })
  })

  it("rejects a non-Effect", () => {
    expect(() => fromEffect(42 as never)).toThrow(/fromEffect\(effect\)/)
  })
})

describe("Exit ↔ outcome round trip", () => {
  const exits: [string, Exit.Exit<number, MyError>][] = [
    ["success", Exit.succeed(1)],
    ["failure", Exit.fail(new MyError("x"))],
    ["interrupt", Exit.interrupt()],
    ["die", Exit.die(new Error("bug"))],
  ]
  for (const [name, exit] of exits) {
    it(`${name}: Exit → outcome → Exit keeps the kind`, () => {
      const back = outcomeToExit(exitToOutcome(exit))
      expect(Exit.isSuccess(back)).toBe(Exit.isSuccess(exit))
      expect(Exit.hasFails(back)).toBe(Exit.hasFails(exit))
      expect(Exit.hasDies(back)).toBe(Exit.hasDies(exit))
      expect(Exit.hasInterrupts(back)).toBe(Exit.hasInterrupts(exit))
    })

    it(`${name}: Effect → fromEffect → toEffect keeps the Exit kind`, async () => {
      const back = await Effect.runPromiseExit(toEffect(() => fromEffect(exit)))
      expect(Exit.isSuccess(back)).toBe(Exit.isSuccess(exit))
      expect(Exit.hasFails(back)).toBe(Exit.hasFails(exit))
      expect(Exit.hasDies(back)).toBe(Exit.hasDies(exit))
      expect(Exit.hasInterrupts(back)).toBe(Exit.hasInterrupts(exit))
    })
  }

  it("a die keeps its defect value across the round trip", async () => {
    const bug = new Error("bug")
    const back = await Effect.runPromiseExit(toEffect(() => fromEffect(Effect.die(bug))))
    expect(Exit.isFailure(back) && Cause.squash(back.cause)).toBe(bug)
  })

  it("outcome → Exit → outcome", () => {
    const e = new MyError("y")
    const os: Outcome<number, MyError>[] = [
      { _tag: "Success", value: 2 },
      { _tag: "Failure", error: e },
      { _tag: "Interrupted" },
    ]
    for (const o of os) expect(exitToOutcome(outcomeToExit(o))).toEqual(o)
  })

  it("uses LocalExecutor handles (sanity: spawn on reference executor)", async () => {
    expect(await new LocalExecutor().spawn(fromEffect(Effect.succeed(9)))).toBe(9)
  })
})
