import { describe, expectTypeOf, it } from "vitest"
import {
  fromCallback,
  ready,
  type AsyncFd,
  type Context,
  type Future,
  type IoSource,
  type JoinHandle,
  type Poll,
  type Pollable,
  type Unregister,
} from "@pollable/core"
import * as root from "@pollable/core"
import {
  AcceptQueue,
  checkCountOption,
  currentExecutor,
  isFutureLike,
  ReadinessSlot,
  spawnOn,
  startOn,
  useExecutorStore,
  type ExecutorStore,
  type OwnExecutor,
} from "@pollable/core/adapter"

class Closed extends Error {
  readonly _tag = "Closed" as const
}

describe("@pollable/core/adapter", () => {
  it("spawnOn / startOn keep the future's value and error types", () => {
    const f = null as unknown as Future<number, Closed>
    expectTypeOf(spawnOn(f)).toEqualTypeOf<JoinHandle<number, Closed>>()
    expectTypeOf(startOn(f, undefined, undefined as OwnExecutor | undefined)).toEqualTypeOf<
      JoinHandle<number, Closed>
    >()
  })

  it("isFutureLike narrows an unknown to something with poll and cancel", () => {
    const x: unknown = ready(1)
    if (isFutureLike(x)) expectTypeOf(x).toEqualTypeOf<{ poll: unknown; cancel: unknown }>()
  })

  it("checkCountOption returns the number, or undefined for an option left out", () => {
    expectTypeOf(checkCountOption("f(options)", "size", 3, 1, 10, "items")).toEqualTypeOf<number | undefined>()
  })

  it("the executor store: replacing it returns the previous one", () => {
    expectTypeOf(useExecutorStore).parameter(0).toEqualTypeOf<ExecutorStore>()
    expectTypeOf(useExecutorStore).returns.toEqualTypeOf<ExecutorStore>()
    expectTypeOf(currentExecutor()).toEqualTypeOf<root.Executor | undefined>()
  })

  it("the plumbing left the root export", () => {
    expectTypeOf(root).not.toHaveProperty("spawnOn")
    expectTypeOf(root).not.toHaveProperty("checkFuture")
    expectTypeOf(root).not.toHaveProperty("useScopeStore")
    expectTypeOf(root.stream).not.toHaveProperty("buffer")
  })

  it("fromCallback's signal option keeps the error type", () => {
    const f = fromCallback<string, Closed>(() => {}, { signal: new AbortController().signal })
    expectTypeOf(f).toEqualTypeOf<Pollable<string, Closed>>()
  })
})

describe("@pollable/core/adapter: I/O building blocks", () => {
  it("ReadinessSlot: arm returns an Unregister, set returns nothing, fire and disarm take no arguments", () => {
    const slot = new ReadinessSlot()
    expectTypeOf(slot.arm(() => {})).toEqualTypeOf<Unregister>()
    expectTypeOf(slot.set).returns.toEqualTypeOf<void>()
    expectTypeOf(slot.disarm).toEqualTypeOf<Unregister>()
    expectTypeOf(slot.fire).toEqualTypeOf<() => void>()
    expectTypeOf(slot.armed).toEqualTypeOf<boolean>()
  })

  it("AcceptQueue polls to the queued connection type and only holds closable things", () => {
    const q = new AcceptQueue<AsyncFd<IoSource>>()
    expectTypeOf(q.poll(null as unknown as Context, {})).toEqualTypeOf<Poll<AsyncFd<IoSource>>>()
    expectTypeOf(q.push).parameter(0).toEqualTypeOf<AsyncFd<IoSource>>()
    // @ts-expect-error a queued connection must have close()
    new AcceptQueue<{ id: number }>()
  })
})
