/**
 * Names: `named(f, name)` fixes a task's name, `spawn(f, { name })` does the same, and a task
 * without one is named by its combinator tree as it stands.
 */
import { describe, expect, it } from "vitest"
import { InvalidArgument, gen, join, mpsc, named, nameOf, pending, ready, sleep, timeout } from "@pollable/core"
import { ManualExecutor, VirtualClock, contextOf } from "@pollable/core/testing"

describe("named()", () => {
  it("fixes the name a task is listed under, whatever the future inside", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    ex.spawn(named(timeout(sleep(10), 50), "fetch user 42"))
    ex.runUntilStalled()
    expect(ex.tasks().map((t) => t.name)).toEqual(["fetch user 42"])
  })
  it("changes nothing else: the value, rule 3's message and cancel go to the inner future", () => {
    const f = named(ready(7), "seven")
    const cx = contextOf()
    expect(f.poll(cx)).toBe(7)
    expect(() => f.poll(cx)).toThrow(/^ready\(\) was polled after it completed|polled after it completed/)
    const s = sleep(5)
    named(s, "nap").cancel()
    expect(s.terminated).toBe(true)
    expect(String(named(pending(), "forever"))).toBe("forever")
  })
  it("is yield*-able in gen with the inner value", () => {
    const ex = new ManualExecutor()
    expect(
      ex.blockOn(
        gen(function* () {
          return (yield* named(ready(2), "two")) + 1
        }),
      ),
    ).toBe(3)
  })
  it("refuses an empty or non-string name with InvalidArgument naming the call", () => {
    expect(() => named(ready(1), "")).toThrow(InvalidArgument)
    expect(() => named(ready(1), "")).toThrow(/^named\(future, name\): the name is empty/)
    expect(() => named(ready(1), 3 as unknown as string)).toThrow(/expected a string, got number/)
    expect(() => named({} as never, "x")).toThrow(InvalidArgument)
  })
})

describe("spawn(f, { name })", () => {
  it("names the task like named() does", () => {
    const ex = new ManualExecutor()
    const h = ex.spawn(pending(), { name: "idle worker" })
    ex.runUntilStalled()
    expect(ex.tasks()).toMatchObject([{ id: (h as unknown as { id: number }).id, name: "idle worker" }])
  })
  it("refuses a bad name or options object with InvalidArgument", () => {
    const ex = new ManualExecutor()
    expect(() => ex.spawn(pending(), { name: "" })).toThrow(/manual\.spawn\(future, \{ name \}\): the name is empty/)
    expect(() => ex.spawn(pending(), 5 as never)).toThrow(InvalidArgument)
  })
})

describe("automatic labels", () => {
  it("show the combinator tree: timeout(join(sleep(100), next(mpsc receiver)))", () => {
    const [, rx] = mpsc<number>(1)
    expect(nameOf(timeout(join(sleep(100), rx.recv()), 500))).toBe("timeout(join(sleep(100), next(mpsc receiver)))")
  })
  it("drop the children that finished, and name a gen by its function", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const [, rx] = mpsc<number>(1)
    ex.spawn(join(ready(1), rx.recv()))
    ex.spawn(
      gen(function* worker() {
        yield* sleep(5)
      }),
    )
    ex.runUntilStalled()
    expect(ex.tasks().map((t) => t.name)).toEqual(["join(next(mpsc receiver))", "gen(worker)"])
  })
  it("stay within 80 characters for a join of many futures", () => {
    const big = join(...Array.from({ length: 100 }, (_, i) => sleep(i + 1)))
    const n = nameOf(big)
    expect(n.length).toBeLessThanOrEqual(80)
    expect(n.startsWith("join(sleep(1), sleep(2)")).toBe(true)
    expect(n.endsWith("…")).toBe(true)
  })
})
