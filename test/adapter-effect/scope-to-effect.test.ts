import { describe, expect, it } from "vitest"
import { Effect, Exit, Fiber } from "effect"
import { gen, type Scope } from "@pollable/core"
import { scopeToEffect } from "@pollable/adapter-effect"
import { Boom, fixture, running } from "../core/scope/scope-helpers.js"

describe("adapter-effect: scopeToEffect", () => {
  it("succeeds with the value; failures land in the typed error channel", async () => {
    const ok = fixture()
    const pOk = Effect.runPromise(scopeToEffect(ok.body))
    await running(ok.g1, ok.g2)
    ok.g1.open(1)
    ok.g2.open(2)
    expect(await pOk).toBe(3)

    const bad = fixture()
    const pBad = Effect.runPromiseExit(scopeToEffect(bad.body))
    await running(bad.g1, bad.g2)
    bad.g2.fail(new Boom("g2"))
    const exit = await pBad
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(exit)).toContain("boom g2")
    expect(bad.log).toEqual(["b:err", "a:cancel"])
  })

  it("interrupting the fiber cancels every child", async () => {
    const { log, g1, g2, body } = fixture()
    const fiber = Effect.runFork(scopeToEffect(body))
    await running(g1, g2)
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(log).toEqual(["b:cancel", "a:cancel"])
  })

  it("closing the Effect Scope it was forked into cancels the tree (finalizers run)", async () => {
    const { log, g1, g2, body } = fixture()
    const finalized: string[] = []
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          yield* Effect.addFinalizer(() => Effect.sync(() => finalized.push("effect finalizer")))
          yield* Effect.forkScoped(scopeToEffect(body))
          yield* Effect.promise(() => running(g1, g2))
          return "left the scope"
        }),
      ),
    )
    expect(log).toEqual(["b:cancel", "a:cancel"])
    expect(finalized).toEqual(["effect finalizer"])
  })

  it("a scope's children can use gen and Effect-driven time alike", async () => {
    const v = await Effect.runPromise(
      scopeToEffect(function* (s: Scope<never>) {
        const a = s.spawn(
          gen(function* () {
            return 20
          }),
        )
        return (yield* a) + 1
      }),
    )
    expect(v).toBe(21)
  })
})
