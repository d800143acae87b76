// `using` on every handle: leaving the block closes or cancels it, exactly like calling
// close()/cancel() — and does nothing to a handle that already finished.
import { describe, expect, it } from "vitest"
import { ExecutorClosed, Pending, disposeSymbol, gen, pending, setFaultReporter, sleep } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

describe("Symbol.dispose on executors", () => {
  it("disposing an executor cancels every running task (newest first) and removes their timers", () => {
    const clock = new VirtualClock()
    const order: string[] = []
    let ex!: ManualExecutor
    const hs = []
    {
      using e = new ManualExecutor({ timer: clock })
      ex = e
      for (const name of ["a", "b", "c"]) {
        hs.push(
          e.spawn(
            gen(function* () {
              try {
                yield* sleep(1_000)
              } finally {
                order.push(name)
              }
            }),
          ),
        )
      }
      const done = e.spawn(
        gen(function* () {
          return 1
        }),
      )
      e.runUntilStalled()
      expect(done.outcome?._tag).toBe("Success")
      expect(clock.pendingTimers).toBe(3)
    }
    expect(order).toEqual(["c", "b", "a"])
    expect(hs.map((h) => h.outcome?._tag)).toEqual(["Interrupted", "Interrupted", "Interrupted"])
    expect(clock.pendingTimers).toBe(0)
    expect(ex.closed).toBe(true)
    expect(() => ex.spawn(sleep(1))).toThrow(ExecutorClosed)
    ex[disposeSymbol]() // idempotent
  })
  it(
    "a task spawned by a cancellation is refused (reported), " +
      "and a throwing cancel does not stop the others (rule 8)",
    () => {
      const faults: unknown[] = []
      const prev = setFaultReporter((e) => void faults.push(e))
      try {
        const ex = new ManualExecutor()
        let bCancelled = false
        ex.spawn({ poll: () => Pending, cancel: () => void (bCancelled = true) })
        ex.spawn({
          poll: () => Pending,
          cancel: () => {
            throw new Error("bad cancel")
          },
        })
        ex.spawn(
          gen(function* () {
            try {
              yield* pending()
            } finally {
              ex.spawn(sleep(1))
            }
          }),
        )
        ex.runUntilStalled()
        ex[disposeSymbol]()
        expect(bCancelled).toBe(true)
        expect(faults.some((e) => e instanceof ExecutorClosed)).toBe(true)
        expect(faults.some((e) => (e as Error).message === "bad cancel")).toBe(true)
      } finally {
        setFaultReporter(prev)
      }
    },
  )
  it("finished tasks leave the live list: disposing after they ended cancels nothing", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const hs = Array.from({ length: 100 }, (_, i) =>
      ex.spawn(
        gen(function* () {
          yield* sleep(i % 3)
          return i
        }),
      ),
    )
    ex.blockOn(sleep(10))
    const c = ex.spawn(sleep(5))
    c.cancel()
    ex[disposeSymbol]()
    expect(hs.every((h) => h.outcome?._tag === "Success")).toBe(true)
  })
})
