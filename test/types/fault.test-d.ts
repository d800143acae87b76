import { describe, expectTypeOf, it } from "vitest"
import {
  addSuppressed,
  cancelQuietly,
  LocalExecutor,
  suppressedOf,
  TimeoutError,
  TimerQueue,
  hostClock,
  type FaultReporter,
  type LocalExecutorOptions,
} from "@pollable/core"
import { type ManualExecutor, ExploringExecutor, type ExploringOptions } from "@pollable/core/testing"
import { NativeExecutor, type NativeExecutorOptions } from "@pollable/adapter-native"
import { RxjsExecutor, type RxjsExecutorOptions } from "@pollable/adapter-rxjs"
import { EffectExecutor, type EffectExecutorOptions } from "@pollable/adapter-effect"

describe("rule 8 helpers", () => {
  it("addSuppressed returns the very error type it was given", () => {
    expectTypeOf(addSuppressed(new TimeoutError(5), new Error("x"))).toEqualTypeOf<TimeoutError>()
    expectTypeOf(addSuppressed("plain", 1)).toEqualTypeOf<string>()
  })
  it("suppressedOf reads a readonly array of unknown", () => {
    expectTypeOf(suppressedOf).returns.toEqualTypeOf<readonly unknown[]>()
  })
  it("cancelQuietly takes anything cancellable and returns nothing", () => {
    expectTypeOf(cancelQuietly).parameter(0).toEqualTypeOf<{ cancel(): void }>()
    expectTypeOf(cancelQuietly).returns.toBeVoid()
  })
})

describe("every executor takes onFault: FaultReporter", () => {
  it("options types", () => {
    expectTypeOf<LocalExecutorOptions["onFault"]>().toEqualTypeOf<FaultReporter | undefined>()
    expectTypeOf<NativeExecutorOptions["onFault"]>().toEqualTypeOf<FaultReporter | undefined>()
    expectTypeOf<RxjsExecutorOptions["onFault"]>().toEqualTypeOf<FaultReporter | undefined>()
    expectTypeOf<EffectExecutorOptions["onFault"]>().toEqualTypeOf<FaultReporter | undefined>()
    expectTypeOf<ExploringOptions["onFault"]>().toEqualTypeOf<FaultReporter | undefined>()
    expectTypeOf<NonNullable<ConstructorParameters<typeof ManualExecutor>[0]>["onFault"]>().toEqualTypeOf<
      FaultReporter | undefined
    >()
    expectTypeOf<ConstructorParameters<typeof TimerQueue>[1]>().toEqualTypeOf<
      { readonly onFault?: FaultReporter | undefined } | undefined
    >()
  })
  it("constructs with a reporter", () => {
    const onFault: FaultReporter = () => {}
    expectTypeOf(new LocalExecutor({ onFault })).toEqualTypeOf<LocalExecutor>()
    expectTypeOf(new NativeExecutor({ onFault })).toEqualTypeOf<NativeExecutor>()
    expectTypeOf(new RxjsExecutor(undefined, { onFault })).toEqualTypeOf<RxjsExecutor>()
    expectTypeOf(new EffectExecutor({ onFault })).toEqualTypeOf<EffectExecutor>()
    expectTypeOf(new ExploringExecutor({ choose: () => 0, onFault })).toEqualTypeOf<ExploringExecutor>()
    expectTypeOf(new TimerQueue(hostClock(), { onFault })).toEqualTypeOf<TimerQueue>()
  })
})
