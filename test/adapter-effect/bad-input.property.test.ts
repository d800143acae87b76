import fc from "fast-check"
import { describe, it } from "vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { ready, stream } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import {
  EffectExecutor,
  asEffectScheduler,
  effectClockSource,
  effectStreamToStream,
  fromEffect,
  scopeToEffect,
  streamToEffectStream,
  toEffect,
} from "@pollable/adapter-effect"
import { allCases, caseArb, checkCase, harness, type Entry } from "../support/bad-input.js"

const body = function* () {
  return 1
}

/** The public functions and constructors of @pollable/adapter-effect that take arguments. */
const entries: Entry[] = [
  { name: "toEffect", slots: ["function", "options?"], valid: () => [() => ready(1), undefined], call: toEffect },
  { name: "toEffect { executor }", slots: ["executor?"], valid: () => [undefined], call: (e: never) => toEffect(() => ready(1), { executor: e }) },
  { name: "fromEffect", slots: ["object", "options?"], valid: () => [Effect.succeed(1), undefined], call: fromEffect },
  { name: "new EffectExecutor", slots: ["options?"], valid: () => [undefined], call: (o: never) => new EffectExecutor(o) },
  { name: "new EffectExecutor { timer }", slots: ["timer?"], valid: () => [undefined], call: (t: never) => new EffectExecutor({ timer: t }) },
  { name: "new EffectExecutor { clock }", slots: ["object?"], valid: () => [undefined], call: (c: never) => new EffectExecutor({ clock: c }) },
  { name: "new EffectExecutor { scheduler }", slots: ["object?"], valid: () => [undefined], call: (s: never) => new EffectExecutor({ scheduler: s }) },
  { name: "EffectExecutor.make", slots: ["options?"], valid: () => [undefined], call: (o: never) => EffectExecutor.make(o) },
  { name: "asEffectScheduler", slots: ["object", "options?"], valid: () => [new ManualExecutor(), undefined], call: asEffectScheduler },
  { name: "effectClockSource", slots: ["object", "object?"], valid: () => [new EffectExecutor().clock, undefined], call: effectClockSource },
  { name: "streamToEffectStream", slots: ["function", "options?"], valid: () => [() => stream.fromIterable([1]), undefined], call: streamToEffectStream },
  { name: "effectStreamToStream", slots: ["object", "options?"], valid: () => [Stream.make(1), undefined], call: effectStreamToStream },
  { name: "scopeToEffect", slots: ["generatorFunction", "options?"], valid: () => [body, undefined], call: scopeToEffect },
]

describe("property: every wrong argument to adapter-effect's public API is refused with a named error", () => {
  it("fast-check: one wrong argument at a time, later work unaffected", () => {
    const h = harness()
    fc.assert(fc.property(caseArb(entries), ({ e, slot, bad }) => checkCase(h, e, slot, bad)), { numRuns: 300 })
  })

  it("every (function, position, wrong value) of the fixed pool", () => {
    const h = harness()
    const failures: string[] = []
    for (const c of allCases(entries)) {
      try {
        checkCase(h, c.e, c.slot, c.bad())
      } catch (err) {
        failures.push((err as Error).message.split("\n")[0]!)
      }
    }
    if (failures.length > 0) throw new Error(`${failures.length} wrong arguments not refused:\n${failures.join("\n")}`)
  })
})
