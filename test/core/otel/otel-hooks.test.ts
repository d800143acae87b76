/**
 * The OpenTelemetry bridge: one span per task from spawn to end, named after the task, with
 * its outcome as status, and child tasks under their parent's span — checked with the real
 * SDK's in-memory exporter.
 */
import { describe, expect, it } from "vitest"
import { context, trace, SpanStatusCode, type Tracer } from "@opentelemetry/api"
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { InvalidArgument, fail, gen, named, pending, ready, sleep } from "@pollable/core"
import { otelHooks, type OtelTracer } from "@pollable/core/otel"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

const setup = () => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const tracer = provider.getTracer("pollable-test")
  const ex = new ManualExecutor({ timer: new VirtualClock(), hooks: otelHooks(tracer, { api: { trace, context } }) })
  return { exporter, ex }
}

describe("otelHooks", () => {
  it("opens a span per task at spawn and ends it with the outcome: OK, ERROR with the exception, interrupted", () => {
    const { exporter, ex } = setup()
    ex.spawn(ready(1), { name: "quick" })
    ex.spawn(fail(new Error("boom")), { name: "broken" })
    const idle = ex.spawn(pending(), { name: "idle" })
    ex.runUntilStalled()
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(["pollable task quick", "pollable task broken"])
    idle.cancel()
    const spans = Object.fromEntries(exporter.getFinishedSpans().map((s) => [s.name, s]))
    expect(spans["pollable task quick"]!.status.code).toBe(SpanStatusCode.OK)
    expect(spans["pollable task quick"]!.attributes).toMatchObject({
      "pollable.task.outcome": "Success",
      "pollable.task.polls": 1,
      "pollable.task.wakes": 1,
    })
    expect(spans["pollable task broken"]!.status).toEqual({ code: SpanStatusCode.ERROR, message: "boom" })
    expect(spans["pollable task broken"]!.events.map((e) => e.name)).toEqual(["exception"])
    expect(spans["pollable task idle"]!.status.code).toBe(SpanStatusCode.UNSET)
    expect(spans["pollable task idle"]!.attributes["pollable.task.outcome"]).toBe("Interrupted")
  })

  it("spans a task's whole life (spawn to end), and puts a child task's span under its parent's", () => {
    const { exporter, ex } = setup()
    ex.blockOn(
      named(
        gen(function* () {
          const child = ex.spawn(sleep(10), { name: "child" })
          yield* child
        }),
        "parent",
      ),
    )
    const [child, parent] = exporter.getFinishedSpans()
    expect([child!.name, parent!.name]).toEqual(["pollable task child", "pollable task parent"])
    expect(child!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId)
    expect(child!.spanContext().traceId).toBe(parent!.spanContext().traceId)
    expect(parent!.attributes["pollable.task.polls"]).toBe(2)
  })

  it("accepts the real Tracer type and refuses something that is not a tracer", () => {
    const t: Tracer = trace.getTracer("x")
    const structural: OtelTracer = t
    expect(typeof otelHooks(structural).onSpawn).toBe("function")
    expect(() => otelHooks({} as never)).toThrow(InvalidArgument)
    expect(() => otelHooks({} as never)).toThrow(/expected an OpenTelemetry Tracer/)
  })
})
