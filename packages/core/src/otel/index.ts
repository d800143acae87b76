/**
 * @pollable/core/otel — turn executor hooks into OpenTelemetry spans: one span per task, from
 * spawn to end, named after the task, with its outcome as the span status. It imports nothing:
 * you hand it a tracer from `@opentelemetry/api` (an optional peer dependency), so core keeps
 * zero runtime dependencies.
 * @module \@pollable/core/otel
 */
import type { ExecutorHooks, TaskRef } from "../introspect/hooks.js"
import { InvalidArgument } from "../errors.js"

/** The part of an OpenTelemetry `Span` the bridge uses. */
export interface OtelSpan {
  setAttribute(key: string, value: string | number | boolean): unknown
  setStatus(status: { code: number; message?: string }): unknown
  recordException(exception: Error | string): unknown
  end(): void
}

/** The part of an OpenTelemetry `Tracer` the bridge uses (`trace.getTracer("my-app")` fits). */
export interface OtelTracer {
  startSpan(
    name: string,
    options?: { attributes?: Record<string, string | number | boolean> },
    context?: never,
  ): OtelSpan
}

/**
 * `@opentelemetry/api`'s `trace` and `context`, to make a child task's span a child of its
 * parent task's span. Without them every task span is a child of the active context.
 */
export interface OtelContextApi {
  readonly trace: { setSpan(context: never, span: never): unknown }
  readonly context: { active(): unknown }
}

/** Options of {@link otelHooks}. */
export interface OtelHooksOptions {
  /** Link child tasks to their parent task's span (pass `{ trace, context }` from `@opentelemetry/api`). */
  readonly api?: OtelContextApi | undefined
  /** The span name of a task. Default: `pollable task <name>`. */
  readonly spanName?: ((task: TaskRef) => string) | undefined
}

/** OpenTelemetry's `SpanStatusCode`: OK and ERROR (UNSET is 0). */
const OK = 1
const ERROR = 2

interface Open {
  readonly span: OtelSpan
  polls: number
  wakes: number
}

/**
 * Executor hooks that open a span when a task is spawned and end it when the task ends:
 * status OK on success, ERROR with the exception recorded on failure, and the attribute
 * `pollable.task.outcome` = `Success` | `Failure` | `Interrupted`; also `pollable.task.id`,
 * `pollable.task.polls` and `pollable.task.wakes`. Install them per executor (`hooks`) or
 * for all (`installHooks`).
 * @throws InvalidArgument when `tracer` has no `startSpan` method.
 * @example
 * ```ts
 * import { trace, context } from "@opentelemetry/api"
 * import { otelHooks } from "@pollable/core/otel"
 * installHooks(otelHooks(trace.getTracer("my-app"), { api: { trace, context } }))
 * ```
 */
export function otelHooks(tracer: OtelTracer, options: OtelHooksOptions = {}): ExecutorHooks {
  if (typeof (tracer as Partial<OtelTracer> | null)?.startSpan !== "function") {
    throw new InvalidArgument(
      "otelHooks(tracer)",
      "expected an OpenTelemetry Tracer (an object with startSpan)",
      'pass trace.getTracer("your-app") from @opentelemetry/api',
    )
  }
  const open = new Map<TaskRef, Open>()
  const api = options.api
  const spanName = options.spanName ?? ((t: TaskRef) => `pollable task ${t.name}`)
  return {
    onSpawn(task, parent) {
      const attributes = { "pollable.task.id": task.id }
      const parentSpan = parent === undefined ? undefined : open.get(parent)?.span
      const ctx =
        api !== undefined && parentSpan !== undefined
          ? api.trace.setSpan(api.context.active() as never, parentSpan as never)
          : undefined
      const span =
        ctx === undefined
          ? tracer.startSpan(spanName(task), { attributes })
          : tracer.startSpan(spanName(task), { attributes }, ctx as never)
      open.set(task, { span, polls: 0, wakes: 0 })
    },
    onPollStart(task) {
      const o = open.get(task)
      if (o !== undefined) o.polls++
    },
    onWake(task) {
      const o = open.get(task)
      if (o !== undefined) o.wakes++
    },
    onTaskEnd(task, outcome) {
      const o = open.get(task)
      if (o === undefined) return
      open.delete(task)
      const span = o.span
      span.setAttribute("pollable.task.outcome", outcome._tag)
      span.setAttribute("pollable.task.polls", o.polls)
      span.setAttribute("pollable.task.wakes", o.wakes)
      if (outcome._tag === "Success") span.setStatus({ code: OK })
      else if (outcome._tag === "Failure") {
        const e = outcome.error
        span.recordException(e instanceof Error ? e : String(e))
        span.setStatus({ code: ERROR, message: e instanceof Error ? e.message : String(e) })
      }
      span.end()
    },
  }
}
