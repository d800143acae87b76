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
import { badInputProperty, type Entry } from "../support/bad-input.js"

const body = function* () {
  return 1
}

/** The public functions and constructors of @pollable/adapter-rxjs that take arguments. */
const entries: Entry[] = [
  {
    name: "toObservable",
    slots: ["function", "options?"],
    valid: () => [() => ready(1), undefined],
    call: toObservable,
  },
  {
    name: "toObservable { executor }",
    slots: ["executor?"],
    valid: () => [undefined],
    call: (e: never) => toObservable(() => ready(1), { executor: e }),
  },
  {
    name: "streamToObservable",
    slots: ["streamOrFactory", "options?"],
    valid: () => [stream.fromIterable([1]), undefined],
    call: streamToObservable,
  },
  {
    name: "scopeToObservable",
    slots: ["generatorFunction", "options?"],
    valid: () => [body, undefined],
    call: scopeToObservable,
  },
  {
    name: "fromObservable",
    slots: ["observableInput", "options?"],
    valid: () => [of(1), undefined],
    call: fromObservable,
  },
  {
    name: "observableToStream",
    slots: ["observableInput", "options?"],
    valid: () => [of(1), undefined],
    call: observableToStream,
  },
  {
    name: "firstValueFrom { signal }",
    slots: ["signal?"],
    valid: () => [undefined],
    call: (s: never) => firstValueFrom(of(1), { signal: s }),
  },
  {
    name: "lastValueFrom",
    slots: ["observableInput", "options?"],
    valid: () => [of(1), undefined],
    call: lastValueFrom,
  },
  {
    name: "new RxjsExecutor",
    slots: ["object?", "options?"],
    valid: () => [undefined, undefined],
    call: (s: never, o: never) => new RxjsExecutor(s, o),
  },
  {
    name: "new RxjsExecutor { timer }",
    slots: ["timer?"],
    valid: () => [undefined],
    call: (t: never) => new RxjsExecutor(undefined, { timer: t }),
  },
  { name: "asSchedulerLike", slots: ["object"], valid: () => [new ManualExecutor()], call: asSchedulerLike },
]

badInputProperty("@pollable/adapter-rxjs", entries, 300)
