import { describe, expectTypeOf, it } from "vitest"
import { bind, type TimeoutError, type Future } from "@pollable/core"
import { native, type ToPromiseOptions } from "@pollable/adapter-native"
import { rxjs } from "@pollable/adapter-rxjs"
import { effect } from "@pollable/adapter-effect"
import type { Observable } from "rxjs"
import type { Effect } from "effect"

class RateLimitError extends Error {
  readonly _tag = "RateLimitError"
}
declare const api: {
  getPage(n: number): Future<string, RateLimitError | TimeoutError>
  count(): Future<number, never>
  readonly name: string
}

describe("bind types", () => {
  it("native: Promise of the value, options as an optional trailing argument", () => {
    const p = bind(api, native)
    expectTypeOf(p.getPage).parameters.toEqualTypeOf<[n: number, options?: ToPromiseOptions]>()
    expectTypeOf(p.getPage(1)).toEqualTypeOf<Promise<string>>()
    expectTypeOf(p.count()).toEqualTypeOf<Promise<number>>()
    expectTypeOf(p.name).toEqualTypeOf<string>()
  })
  it("rxjs: Observable of the value", () => {
    const o = bind(api, rxjs)
    expectTypeOf(o.getPage(1)).toEqualTypeOf<Observable<string>>()
  })
  it("effect: Effect keeps the typed error channel", () => {
    const e = bind(api, effect)
    expectTypeOf(e.getPage(1)).toEqualTypeOf<Effect.Effect<string, RateLimitError | TimeoutError>>()
    expectTypeOf(e.count()).toEqualTypeOf<Effect.Effect<number, never>>()
  })
  it("with(options) keeps the API shape", () => {
    const p = bind(api, native).with({})
    expectTypeOf(p.getPage(1)).toEqualTypeOf<Promise<string>>()
  })
})

describe("examples/lib/published.ts types (what its TSDoc promises)", () => {
  it("the client is Promise-, Observable- and Effect-returning with its typed errors", async () => {
    const { promiseClient, rxjsClient, effectClient } = await import("../../examples/lib/published.js")
    const { RateLimitError: RLE } = await import("../../examples/lib/client.js")
    expectTypeOf(promiseClient.getPage(1)).toEqualTypeOf<Promise<string>>()
    expectTypeOf(rxjsClient.getPage(1)).toEqualTypeOf<Observable<string>>()
    expectTypeOf(effectClient.getPage(1)).toEqualTypeOf<
      Effect.Effect<string, InstanceType<typeof RLE> | TimeoutError>
    >()
  })
})
