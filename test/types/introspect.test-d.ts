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
