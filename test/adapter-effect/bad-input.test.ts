import { describe, expect, it } from "vitest"
import { Cause, Effect, Exit, Stream } from "effect"
import { InvalidArgument, LocalExecutor, stream } from "@pollable/core"
import {
  asEffectScheduler,
  effectStreamToStream,
  fromEffect,
  streamToEffectStream,
  toEffect,
} from "@pollable/adapter-effect"
import { refuses } from "../support/refuses.js"

// Bad arguments are refused at call time with InvalidArgument naming the call, what it got
// and what to pass — not a TypeError deep inside a fiber, nor NaN-sized chunks.

describe("bad input is refused with InvalidArgument", () => {
  it("toEffect(() => notAFuture) dies with InvalidArgument (a defect, not a typed failure)", async () => {
    const exit = await Effect.runPromiseExit(toEffect(() => 42 as never))
    expect(Exit.isFailure(exit)).toBe(true)
    const cause = (exit as Exit.Failure<unknown, unknown>).cause
    expect(Cause.hasFails(cause)).toBe(false)
    const die = cause.reasons.find((r) => r._tag === "Die")
    expect(die?._tag === "Die" ? die.defect : undefined).toBeInstanceOf(InvalidArgument)
  })

  it("fromEffect: a runtime that is neither a Context nor a ManagedRuntime", () => {
    refuses(
      () => fromEffect(Effect.succeed(1), { runtime: 42 as never }),
      "fromEffect(effect, { runtime })",
      /got number; pass Context.make/,
    )
  })

  it("streamToEffectStream: a non-function, a bad maxChunk", () => {
    refuses(
      () => streamToEffectStream(stream.fromIterable([1]) as never),
      "streamToEffectStream(make)",
      /got object; pass \(\) => stream/,
    )
    refuses(
      () => streamToEffectStream(() => stream.fromIterable([1]), { maxChunk: Number.NaN }),
      "streamToEffectStream(make, { maxChunk })",
      /got NaN/,
    )
    refuses(
      () => streamToEffectStream(() => stream.fromIterable([1]), { maxChunk: 0 }),
      "streamToEffectStream(make, { maxChunk })",
      />= 1/,
    )
  })

  it("effectStreamToStream: not an Effect Stream, a bad runtime", () => {
    refuses(
      () => effectStreamToStream(stream.fromIterable([1]) as never),
      "effectStreamToStream(stream)",
      /expected an Effect Stream, got object/,
    )
    refuses(
      () => effectStreamToStream(Stream.make(1), { runtime: {} as never }),
      "effectStreamToStream(stream, { runtime })",
      /Context of services/,
    )
  })

  it("asEffectScheduler: not an executor, a bad maxOpsBeforeYield", () => {
    refuses(() => asEffectScheduler(42 as never), "asEffectScheduler(executor)", /got a number \(42\)/)
    refuses(
      () => asEffectScheduler(new LocalExecutor(), { maxOpsBeforeYield: 0 }),
      "asEffectScheduler(executor, { maxOpsBeforeYield })",
      /integer >= 1, got 0/,
    )
  })
})
