// examples/lib/published.ts — the worked example library "published three ways from one
// source" (issue 9): the same page client as a Promise API, an Observable API and an Effect
// API, each with its runtime's cancellation. Nothing else imports it, so this is its proof.
import { describe, expect, it } from "vitest"
import { firstValueFrom } from "rxjs"
import { Cause, Effect, Exit, Fiber } from "effect"
import { effectClient, promiseClient, rxjsClient } from "../../../examples/lib/published.js"

describe("examples/lib/published.ts: one client, three runtimes", () => {
  it("Promise: getPage resolves; an AbortSignal cancels a pending call", async () => {
    expect(await promiseClient.getPage(3)).toBe("page 3")
    const ac = new AbortController()
    const pending = promiseClient.getPage(4, { signal: ac.signal })
    ac.abort(new Error("caller left"))
    await expect(pending).rejects.toThrow("caller left")
    // the semaphore slot the cancelled call held was released: four more calls still run
    expect(await Promise.all([1, 2, 3, 4].map((n) => promiseClient.getPage(n)))).toEqual([
      "page 1",
      "page 2",
      "page 3",
      "page 4",
    ])
  })

  it("Observable: cold until subscribed, then emits the page", async () => {
    const obs = rxjsClient.getPage(2)
    expect(await firstValueFrom(obs)).toBe("page 2")
  })

  it("Effect: runs as an Effect; interruption cancels it", async () => {
    expect(await Effect.runPromise(effectClient.getPage(1))).toBe("page 1")
    const exit = await Effect.runPromise(
      Effect.gen(function* () {
        const f = yield* Effect.forkChild(effectClient.getPage(5))
        yield* Fiber.interrupt(f)
        return yield* Fiber.await(f)
      }),
    )
    expect(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)).toBe(true)
  })
})
