import { Clock, Context, Effect, Option, Tracer } from "effect"
import { InvalidArgument, type ExecutorHooks, type TaskRef } from "@pollable/core"
import { checkOptions } from "@pollable/core/adapter"
import { outcomeToExit } from "./outcome.js"

/** Options of {@link effectSpanHooks}. */
export interface EffectSpanHooksOptions {
  /** The span every root task's span is a child of (a spawned task's parent is its spawner's span). */
  readonly parent?: Tracer.AnySpan | undefined
  /** The clock span times are read from. Default: Effect's live clock. */
  readonly clock?: Clock.Clock | undefined
}

/**
 * Executor hooks that record each pollable task as an Effect span on `tracer` (Effect's own
 * tracing: whatever tracer the program provides, e.g. the OpenTelemetry one from
 * `@effect/opentelemetry`): opened at spawn, named `pollable task <name>`, a child of its
 * spawner's span, ended with the task's outcome as its `Exit`.
 * @throws InvalidArgument when `tracer` is not an Effect `Tracer`.
 * @example
 * ```ts
 * const program = Effect.gen(function* () {
 *   const hooks = yield* effectSpans           // the fiber's tracer and current span
 *   const ex = yield* EffectExecutor.make({ hooks })
 *   return yield* toEffect(() => ex.spawn(named(fetchUser(42), "fetch user 42")))
 * }).pipe(Effect.withSpan("request"))
 * ```
 */
export function effectSpanHooks(tracer: Tracer.Tracer, options: EffectSpanHooksOptions = {}): ExecutorHooks {
  checkOptions("effectSpanHooks(tracer, options)", options)
  if (typeof (tracer as Partial<Tracer.Tracer> | null)?.span !== "function") {
    throw new InvalidArgument(
      "effectSpanHooks(tracer)",
      "expected an Effect Tracer (an object with span())",
      "pass the fiber's tracer (yield* effectSpans gives hooks for it), or Tracer.make({ span })",
    )
  }
  const clock = options.clock ?? Context.get(Context.empty(), Clock.Clock)
  const root = options.parent === undefined ? Option.none<Tracer.AnySpan>() : Option.some(options.parent)
  const open = new Map<TaskRef, Tracer.Span>()
  return {
    onSpawn(task, parentTask) {
      const parentSpan = parentTask === undefined ? undefined : open.get(parentTask)
      const span = tracer.span({
        name: `pollable task ${task.name}`,
        parent: parentSpan === undefined ? root : Option.some(parentSpan),
        annotations: Context.empty(),
        links: [],
        startTime: clock.currentTimeNanosUnsafe(),
        kind: "internal",
        root: parentSpan === undefined && Option.isNone(root),
        sampled: true,
      })
      span.attribute("pollable.task.id", task.id)
      open.set(task, span)
    },
    onTaskEnd(task, outcome) {
      const span = open.get(task)
      if (span === undefined) return
      open.delete(task)
      span.end(clock.currentTimeNanosUnsafe(), outcomeToExit(outcome))
    },
  }
}

/**
 * An Effect giving {@link effectSpanHooks} for the calling fiber: its `Tracer`, its `Clock`
 * and its current span as the parent of the tasks' spans. Pass the hooks to an executor
 * (`EffectExecutor.make({ hooks })`).
 */
export const effectSpans: Effect.Effect<ExecutorHooks> = Effect.withFiber((fiber) =>
  Effect.succeed(
    effectSpanHooks(fiber.getRef(Tracer.Tracer), {
      clock: fiber.getRef(Clock.Clock),
      parent: Option.getOrUndefined(Context.getOption(fiber.context, Tracer.ParentSpan)),
    }),
  ),
)
