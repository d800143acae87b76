import { expectTypeOf, test } from "vitest"
import type { Effect } from "effect"
import { bind, ready, sleep, timeout, type Future, type TimeoutError } from "@pollable/core"
import { effect, fromEffect, toEffect, type EffectDefect, type EffectFuture } from "@pollable/adapter-effect"
import * as EffectRt from "effect/Effect"
import * as EffectContext from "effect/Context"

class MyError extends Error {
  readonly _tag = "MyError"
}
declare const typed: Future<number, MyError>

test("toEffect keeps the value and the typed error", () => {
  expectTypeOf(toEffect(() => typed)).toEqualTypeOf<Effect.Effect<number, MyError>>()
  expectTypeOf(toEffect(() => ready("x"))).toEqualTypeOf<Effect.Effect<string, never>>()
  expectTypeOf(toEffect(() => timeout(typed, 10))).toEqualTypeOf<Effect.Effect<number, MyError | TimeoutError>>()
  expectTypeOf(toEffect(() => sleep(1))).toEqualTypeOf<Effect.Effect<void, never>>()
})

test("fromEffect keeps the value and the typed error; defects are not in E", () => {
  const eff = EffectRt.fail(new MyError()) as Effect.Effect<number, MyError>
  expectTypeOf(fromEffect(eff)).toEqualTypeOf<EffectFuture<number, MyError>>()
  expectTypeOf(fromEffect(eff)).toExtend<Future<number, MyError>>()
  // @ts-expect-error an Effect that needs services needs a runtime
  fromEffect(eff as Effect.Effect<number, MyError, "Db">)
})

test("fromEffect with a runtime adds the runtime's error", () => {
  interface Db {
    q(): number
  }
  const Db = EffectContext.Service<Db>("Db")
  const needs = EffectRt.fail(new MyError()) as Effect.Effect<number, MyError, Db>
  expectTypeOf(fromEffect(needs, { runtime: EffectContext.make(Db, { q: () => 1 }) })).toEqualTypeOf<
    EffectFuture<number, MyError>
  >()
  const rt = {} as import("effect/ManagedRuntime").ManagedRuntime<Db, "layer failed">
  expectTypeOf(fromEffect(needs, { runtime: rt })).toEqualTypeOf<EffectFuture<number, MyError | "layer failed">>()
})

test("round trip types", () => {
  expectTypeOf(toEffect(() => fromEffect(EffectRt.succeed(1)))).toEqualTypeOf<Effect.Effect<number, never>>()
  expectTypeOf<EffectDefect["defect"]>().toEqualTypeOf<unknown>()
})

test("the effect adapter and bind", () => {
  expectTypeOf(effect.run(() => typed)).toEqualTypeOf<Effect.Effect<number, MyError>>()
  const lib = bind({ get: (_id: string): Future<number, MyError> => typed }, effect)
  expectTypeOf(lib.get("a")).toEqualTypeOf<Effect.Effect<number, MyError>>()
  lib.get("a", { keepAlive: false })
})
