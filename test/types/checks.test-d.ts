import { describe, expectTypeOf, it } from "vitest"
import { Semaphore } from "@pollable/core"
import {
  checkCount,
  checkDuration,
  checkExecutor,
  checkFunction,
  checkFuture,
  checkFutures,
  checkIterable,
  checkOptions,
  checkSignal,
  checkStream,
  checkTimer,
  describeArgument,
} from "@pollable/core/adapter"
import type { RegularFileNotPollable } from "@pollable/adapter-native/io"

describe("argument checks (shared by core and the adapters)", () => {
  it("take the call's name and the value; return what the caller keeps using", () => {
    expectTypeOf(checkFuture).toEqualTypeOf<(where: string, x: unknown) => void>()
    expectTypeOf(checkStream).toEqualTypeOf<(where: string, x: unknown) => void>()
    expectTypeOf(checkTimer).toEqualTypeOf<(where: string, x: unknown) => void>()
    expectTypeOf(checkFutures).toEqualTypeOf<
      (where: string, futures: readonly unknown[], findRepeat?: (futures: readonly unknown[]) => number) => void
    >()
    expectTypeOf(checkFunction).toEqualTypeOf<(where: string, f: unknown) => void>()
    expectTypeOf(checkSignal).toEqualTypeOf<(where: string, x: unknown, optional?: boolean) => void>()
    expectTypeOf(checkExecutor).toEqualTypeOf<(where: string, x: unknown, optional?: boolean) => void>()
    expectTypeOf(checkDuration).toEqualTypeOf<(where: string, ms: number) => number>()
    expectTypeOf(checkCount).toEqualTypeOf<(where: string, n: number, min: number, max?: number) => number>()
    expectTypeOf(checkIterable).toEqualTypeOf<(where: string, x: unknown, items?: string) => unknown[]>()
    expectTypeOf(describeArgument).toEqualTypeOf<(x: unknown) => string>()
  })

  it("checkOptions keeps the options' type and turns undefined into {}", () => {
    interface Opts {
      readonly a?: number
    }
    expectTypeOf(checkOptions<Opts>("f(options)", undefined)).toEqualTypeOf<Opts>()
  })

  it("Semaphore.total and RegularFileNotPollable.kind", () => {
    expectTypeOf(new Semaphore(2).total).toEqualTypeOf<number>()
    expectTypeOf<RegularFileNotPollable["kind"]>().toEqualTypeOf<string>()
  })
})
