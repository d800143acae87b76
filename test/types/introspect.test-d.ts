import { describe, expectTypeOf, it } from "vitest"
import {
  LocalExecutor,
  type TimeoutError,
  installHooks,
  named,
  sleep,
  timeout,
  type ExecutorHooks,
  type JoinHandle,
  type Pollable,
  type TaskInfo,
  type TaskRef,
  type Outcome,
} from "@pollable/core"

describe("introspection types", () => {
  it("named keeps the value and the exact error type", () => {
    const f = named(timeout(sleep(1), 5), "nap")
    expectTypeOf(f).toEqualTypeOf<Pollable<void, TimeoutError>>()
  })
  it("spawn with a name gives the same handle type", () => {
    const ex = new LocalExecutor()
    expectTypeOf(ex.spawn(timeout(sleep(1), 5), { name: "nap" })).toEqualTypeOf<JoinHandle<void, TimeoutError>>()
  })
  it("tasks() lists TaskInfo; dump() is a string", () => {
    const ex = new LocalExecutor()
    expectTypeOf(ex.tasks()).toEqualTypeOf<TaskInfo[]>()
    expectTypeOf(ex.tasks()[0]!.state).toEqualTypeOf<"queued" | "polling" | "waiting" | "done">()
    expectTypeOf(ex.tasks()[0]!.waitingOn).toEqualTypeOf<readonly string[]>()
    expectTypeOf(ex.dump()).toEqualTypeOf<string>()
  })
  it("hooks receive task refs and outcomes; installHooks returns its remover", () => {
    const hooks: ExecutorHooks = {
      onTaskEnd(task, outcome) {
        expectTypeOf(task).toEqualTypeOf<TaskRef>()
        expectTypeOf(outcome).toEqualTypeOf<Outcome<unknown, unknown>>()
      },
      onWake(_task, by) {
        expectTypeOf(by).toEqualTypeOf<TaskRef | undefined>()
      },
    }
    expectTypeOf(installHooks(hooks)).toEqualTypeOf<() => void>()
    expectTypeOf(new LocalExecutor({ hooks, introspect: { spawnSites: true } }).setHooks)
      .parameter(0)
      .toEqualTypeOf<ExecutorHooks | undefined>()
  })
})

describe("warning and bridge types", () => {
  it("pollWarnings gives hooks and tagged warnings", async () => {
    const { pollWarnings } = await import("@pollable/core")
    type W = Parameters<NonNullable<Parameters<typeof pollWarnings>[0]["onWarning"]>>[0]
    expectTypeOf<W["_tag"]>().toEqualTypeOf<"SlowPoll" | "BusyLoop">()
    expectTypeOf(pollWarnings({ slowPollMs: 5 })).toEqualTypeOf<ExecutorHooks>()
  })
  it("otelHooks takes a real OpenTelemetry tracer", async () => {
    const { otelHooks } = await import("@pollable/core/otel")
    const { trace } = await import("@opentelemetry/api")
    expectTypeOf(otelHooks(trace.getTracer("t"))).toEqualTypeOf<ExecutorHooks>()
  })
  it("effectSpans is an Effect of hooks that needs nothing", async () => {
    const { effectSpans } = await import("@pollable/adapter-effect")
    type Eff = typeof effectSpans
    expectTypeOf<import("effect").Effect.Success<Eff>>().toEqualTypeOf<ExecutorHooks>()
    expectTypeOf<import("effect").Effect.Error<Eff>>().toEqualTypeOf<never>()
    expectTypeOf<import("effect").Effect.Services<Eff>>().toEqualTypeOf<never>()
  })
})
