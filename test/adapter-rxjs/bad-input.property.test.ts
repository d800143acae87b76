import fc from "fast-check"
import { describe, it } from "vitest"
import { of } from "rxjs"
import { ready, stream } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import {
  RxjsExecutor,
  asSchedulerLike,
  firstValueFrom,
  fromObservable,
  lastValueFrom,
  observableToStream,
  scopeToObservable,
  streamToObservable,
  toObservable,
} from "@pollable/adapter-rxjs"
import { allCases, caseArb, checkCase, harness, type Entry } from "../support/bad-input.js"

const body = function* () {
  return 1
}

/** The public functions and constructors of @pollable/adapter-rxjs that take arguments. */
const entries: Entry[] = [
  { name: "toObservable", slots: ["function", "options?"], valid: () => [() => ready(1), undefined], call: toObservable },
  { name: "toObservable { executor }", slots: ["executor?"], valid: () => [undefined], call: (e: never) => toObservable(() => ready(1), { executor: e }) },
  { name: "streamToObservable", slots: ["streamOrFactory", "options?"], valid: () => [stream.fromIterable([1]), undefined], call: streamToObservable },
  { name: "scopeToObservable", slots: ["generatorFunction", "options?"], valid: () => [body, undefined], call: scopeToObservable },
  { name: "fromObservable", slots: ["observableInput", "options?"], valid: () => [of(1), undefined], call: fromObservable },
  { name: "observableToStream", slots: ["observableInput", "options?"], valid: () => [of(1), undefined], call: observableToStream },
  { name: "firstValueFrom { signal }", slots: ["signal?"], valid: () => [undefined], call: (s: never) => firstValueFrom(of(1), { signal: s }) },
  { name: "lastValueFrom", slots: ["observableInput", "options?"], valid: () => [of(1), undefined], call: lastValueFrom },
  { name: "new RxjsExecutor", slots: ["object?", "options?"], valid: () => [undefined, undefined], call: (s: never, o: never) => new RxjsExecutor(s, o) },
  { name: "new RxjsExecutor { timer }", slots: ["timer?"], valid: () => [undefined], call: (t: never) => new RxjsExecutor(undefined, { timer: t }) },
  { name: "asSchedulerLike", slots: ["object"], valid: () => [new ManualExecutor()], call: asSchedulerLike },
]

describe("property: every wrong argument to adapter-rxjs's public API is refused with a named error", () => {
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
