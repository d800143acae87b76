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
import { badInputProperty, type Entry } from "../support/bad-input.js"

const body = function* () {
  return 1
}

/** The public functions and constructors of @pollable/adapter-effect that take arguments. */
const entries: Entry[] = [
  { name: "toEffect", slots: ["function", "options?"], valid: () => [() => ready(1), undefined], call: toEffect },
  {
    name: "toEffect { executor }",
    slots: ["executor?"],
    valid: () => [undefined],
    call: (e: never) => toEffect(() => ready(1), { executor: e }),
  },
  { name: "fromEffect", slots: ["object", "options?"], valid: () => [Effect.succeed(1), undefined], call: fromEffect },
  {
    name: "new EffectExecutor",
    slots: ["options?"],
    valid: () => [undefined],
    call: (o: never) => new EffectExecutor(o),
  },
  {
    name: "new EffectExecutor { timer }",
    slots: ["timer?"],
    valid: () => [undefined],
    call: (t: never) => new EffectExecutor({ timer: t }),
  },
  {
    name: "new EffectExecutor { clock }",
    slots: ["object?"],
    valid: () => [undefined],
    call: (c: never) => new EffectExecutor({ clock: c }),
  },
  {
    name: "new EffectExecutor { scheduler }",
    slots: ["object?"],
    valid: () => [undefined],
    call: (s: never) => new EffectExecutor({ scheduler: s }),
  },
  {
    name: "EffectExecutor.make",
    slots: ["options?"],
    valid: () => [undefined],
    call: (o: never) => EffectExecutor.make(o),
  },
  {
    name: "asEffectScheduler",
    slots: ["object", "options?"],
    valid: () => [new ManualExecutor(), undefined],
    call: asEffectScheduler,
  },
  {
    name: "effectClockSource",
    slots: ["object", "object?"],
    valid: () => [new EffectExecutor().clock, undefined],
    call: effectClockSource,
  },
  {
    name: "streamToEffectStream",
    slots: ["function", "options?"],
    valid: () => [() => stream.fromIterable([1]), undefined],
    call: streamToEffectStream,
  },
  {
    name: "effectStreamToStream",
    slots: ["object", "options?"],
    valid: () => [Stream.make(1), undefined],
    call: effectStreamToStream,
  },
  {
    name: "scopeToEffect",
    slots: ["generatorFunction", "options?"],
    valid: () => [body, undefined],
    call: scopeToEffect,
  },
]

badInputProperty("@pollable/adapter-effect", entries, 300)
