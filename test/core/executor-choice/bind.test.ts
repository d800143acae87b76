import { describe, expect, it, vi } from "vitest"
import { bind, gen, Interrupted, sleep, type Future } from "@pollable/core"
import { VirtualClock } from "@pollable/core/testing"
import { native, NativeExecutor } from "@pollable/adapter-native"
import { rxjs, RxjsExecutor } from "@pollable/adapter-rxjs"
import { effect, EffectExecutor } from "@pollable/adapter-effect"
import { asapScheduler, firstValueFrom } from "rxjs"
import { Cause, Effect, Exit, Fiber } from "effect"

class Nope extends Error {
  override readonly name = "Nope"
}

/** A tiny futures API that records what ran and what was cleaned up. */
function makeApi() {
  const log: string[] = []
  const api = {
    version: "1.0",
    double: (n: number): Future<number, Nope> =>
      gen(function* () {
        log.push(`start ${n}`)
        try {
          yield* sleep(20)
          if (n < 0) throw new Nope("negative")
          return n * 2
        } finally {
          log.push(`finally ${n}`)
        }
      }),
    /** Like `double` but never finishes by itself: the cancellation cases cancel it. */
    hang: (n: number): Future<number, Nope> =>
      gen(function* () {
        log.push(`start ${n}`)
        try {
          yield* sleep(60_000)
          return n
        } finally {
          log.push(`finally ${n}`)
        }
      }),
  }
  /** Resolves once `start n` was logged: the call really runs (no guess at a delay). */
  const started = (n: number) => vi.waitFor(() => expect(log).toContain(`start ${n}`), { timeout: 10_000, interval: 1 })
  return { api, log, started }
}

describe("bind(api, adapter): one futures API shipped to every runtime", () => {
  it("native: Promise-returning functions; non-functions pass through; an AbortSignal cancels", async () => {
    const { api, log, started } = makeApi()
    const p = bind(api, native)
    expect(p.version).toBe("1.0")
    expect(await p.double(21)).toBe(42)
    await expect(p.double(-1)).rejects.toBeInstanceOf(Nope)
    const ac = new AbortController()
    const pending = p.hang(5, { signal: ac.signal })
    pending.catch(() => {})
    await started(5)
    ac.abort(new Error("user left"))
    await expect(pending).rejects.toThrow("user left")
    expect(log).toContain("finally 5")
  })

  it("native: .with(options) applies options to every call", async () => {
    const { api } = makeApi()
    const clock = new VirtualClock()
    const ex = new NativeExecutor({ timer: clock })
    const p = bind(api, native).with({ executor: ex })
    const r = p.double(4)
    await clock.runAllAsync()
    expect(await r).toBe(8)
    expect(clock.now()).toBe(20)
  })

  it("rxjs: cold Observables; nothing runs until subscribe; unsubscribe cancels", async () => {
    const { api, log, started } = makeApi()
    const o = bind(api, rxjs)
    const obs = o.double(3, { executor: new RxjsExecutor(asapScheduler) })
    expect(log).toEqual([])
    expect(await firstValueFrom(obs)).toBe(6)
    const sub = o.hang(7).subscribe()
    await started(7)
    sub.unsubscribe()
    expect(log).toEqual(["start 3", "finally 3", "start 7", "finally 7"])
  })

  it("effect: lazy Effects with the typed error; interruption cancels", async () => {
    const { api, log, started } = makeApi()
    const e = bind(api, effect)
    expect(await Effect.runPromise(e.double(10))).toBe(20)
    const exit = await Effect.runPromiseExit(e.double(-2))
    expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBeInstanceOf(Nope)
    const interrupted = await Effect.runPromise(
      Effect.gen(function* () {
        const f = yield* Effect.forkChild(e.hang(9))
        yield* Effect.promise(() => started(9))
        yield* Fiber.interrupt(f)
        return yield* Fiber.await(f)
      }),
    )
    expect(Exit.isFailure(interrupted) && Cause.hasInterruptsOnly(interrupted.cause)).toBe(true)
    expect(log).toContain("finally 9")
    void EffectExecutor
  })

  it("bad input is a named error", () => {
    expect(() => bind(null as unknown as object, native)).toThrow(/api must be an object/)
    expect(() => bind({}, {} as typeof native)).toThrow(/adapter has no run/)
    void Interrupted
  })
})
