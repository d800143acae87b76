import type { Adapter } from "@pollable/core"
import type * as Effect from "effect/Effect"
import { EffectExecutor } from "./effect-executor.js"
import { toEffect, type ToEffectOptions } from "./to-effect.js"

declare module "@pollable/core" {
  interface RunnerKinds<T, E> {
    /** `effect.run(make)` returns a lazy, interruptible `Effect<T, E>`. */
    effect: Effect.Effect<T, E>
  }
  interface RunnerOptions {
    effect: ToEffectOptions
  }
}

/**
 * The Effect adapter: `effect.run(make)` is {@link toEffect}, and
 * `effect.createExecutor()` a fresh {@link EffectExecutor} on the live clock — what
 * `POLLABLE_EXECUTOR=effect`, `--conditions=pollable-effect` and `bind(api, effect)` use.
 */
export const effect: Adapter<"effect"> = {
  name: "effect",
  createExecutor: () => new EffectExecutor(),
  run: (make, options) => toEffect(make, options),
}
