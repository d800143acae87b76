import { describe, expect, it } from "vitest"
import { InvalidArgument, Pending, TaskLocal, TaskLocalMissing, gen, join, lazy, sleep, yieldNow } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

describe("TaskLocal", () => {
  it("scope: the value is in force in every poll of the future, across yields and sleeps", () => {
    const id = new TaskLocal<number>("id")
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const seen = ex.blockOn(
      id.scope(
        7,
        gen(function* () {
          const a = id.get()
          yield* sleep(5)
          const b = id.get()
          const [c] = yield* join(
            lazy(() => id.get()),
            yieldNow(),
          )
          return [a, b, c]
        }),
      ),
    )
    expect(seen).toEqual([7, 7, 7])
  })
  it(
    "outside a scope: get() throws TaskLocalMissing naming it, " + "tryGet() is undefined; nothing leaks between polls",
    () => {
      const id = new TaskLocal<number>("requestId")
      expect(() => id.get()).toThrow(TaskLocalMissing)
      expect(() => id.get()).toThrow(/"requestId".*requestId\.scope\(value, future\)/)
      const f = id.scope(1, new Probe("pending"))
      expect(f.poll(contextOf(new CountingWaker()))).toBe(Pending)
      expect(id.tryGet()).toBeUndefined()
    },
  )
  it("an inner scope of the same task-local overrides the outer one for its future only", () => {
    const lvl = new TaskLocal<string>("level")
    const ex = new ManualExecutor()
    const out = ex.blockOn(
      lvl.scope(
        "outer",
        gen(function* () {
          const inner = yield* lvl.scope(
            "inner",
            lazy(() => lvl.get()),
          )
          return [inner, lvl.get()]
        }),
      ),
    )
    expect(out).toEqual(["inner", "outer"])
  })
  it("two tasks interleaving each keep their own value", () => {
    const who = new TaskLocal<string>("who")
    const ex = new ManualExecutor()
    const log: string[] = []
    const body = () =>
      gen(function* () {
        for (let i = 0; i < 3; i++) {
          log.push(who.get())
          yield* yieldNow()
        }
      })
    ex.spawn(who.scope("a", body()))
    ex.spawn(who.scope("b", body()))
    ex.runUntilStalled()
    expect(log).toEqual(["a", "b", "a", "b", "a", "b"])
  })
  it("inherit: a task spawned from inside keeps the value for its whole life; without it, not", () => {
    const trace = new TaskLocal<string>("trace", { inherit: true })
    const user = new TaskLocal<string>("user")
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const seen: string[] = []
    let child
    ex.blockOn(
      trace.scope(
        "t1",
        user.scope(
          "u1",
          gen(function* () {
            child = ex.spawn(
              gen(function* () {
                yield* sleep(10) // long after the parent finished
                seen.push(`${trace.tryGet()}/${user.tryGet()}`)
              }),
            )
          }),
        ),
      ),
    )
    ex.blockOn(child!)
    expect(seen).toEqual(["t1/undefined"])
  })
  it("sync(value, fn) sets the value around a plain call, and restores it even when fn throws", () => {
    const t = new TaskLocal<number>("n")
    expect(t.sync(3, () => t.get() * 2)).toBe(6)
    expect(() =>
      t.sync(1, () => {
        throw new Error("x")
      }),
    ).toThrow("x")
    expect(t.tryGet()).toBeUndefined()
  })
  it("cancel: cancelling the scoped future cancels the inner one, with the value in force during its teardown", () => {
    const t = new TaskLocal<string>("t")
    let inFinally: string | undefined
    const f = t.scope(
      "v",
      gen(function* () {
        try {
          yield* sleep(100)
        } finally {
          inFinally = t.tryGet()
        }
      }),
    )
    f.poll(contextOf(new CountingWaker(), new VirtualClock()))
    f.cancel()
    expect(inFinally).toBe("v")
    checkNoLeaks(() => t.scope("v", sleep(50)), 10)
  })
  it("bad input is InvalidArgument", () => {
    expect(() => new TaskLocal(5 as never)).toThrow(InvalidArgument)
    expect(() => new TaskLocal<number>("x").scope(1, {} as never)).toThrow(
      /x\.scope\(value, future\).*expected a future/,
    )
    expect(() => new TaskLocal<number>("x").sync(1, 2 as never)).toThrow(InvalidArgument)
  })
})
