import { describe, expect, it } from "vitest"
import { Mutex, Pending, UseAfterRelease, gen, joinAll, sleep } from "@pollable/core"
import { contextOf, CountingWaker, virtualTime } from "@pollable/core/testing"

const setup = virtualTime

describe("Mutex", () => {
  it("serializes critical sections that await while holding the lock", () => {
    const { ex } = setup()
    const m = new Mutex(0)
    const bump = () =>
      gen(function* () {
        using g = yield* m.lock()
        const v = g.value
        yield* sleep(1)
        g.value = v + 1
      })
    ex.blockOn(joinAll(Array.from({ length: 10 }, bump)))
    expect(m.tryLock()!.value).toBe(10)
  })

  it("FIFO: the lock goes to waiters in the order they first polled", () => {
    const { ex } = setup()
    const m = new Mutex<string[]>([])
    const held = m.tryLock()!
    const order: string[] = []
    for (const name of ["a", "b", "c"]) {
      ex.spawn(
        gen(function* () {
          const g = yield* m.lock()
          order.push(name)
          g.release()
        }),
      )
    }
    ex.runUntilStalled()
    held.release()
    ex.runUntilStalled()
    expect(order).toEqual(["a", "b", "c"])
    expect(m.locked).toBe(false)
  })

  it("cancel safety: cancelling a waiter that was handed the lock passes it on (lost-wake class)", () => {
    const m = new Mutex(1)
    const held = m.tryLock()!
    const a = m.lock()
    const b = m.lock()
    const wb = new CountingWaker()
    a.poll(contextOf())
    b.poll(contextOf(wb))
    held.release()
    a.cancel()
    expect(wb.count).toBe(1)
    const g = b.poll(contextOf())
    expect(g).not.toBe(Pending)
  })

  it("cancel safety: cancelling a queued waiter removes it; the next one still gets the lock", () => {
    const { ex } = setup()
    const m = new Mutex(0)
    const held = m.tryLock()!
    const a = ex.spawn(m.lock())
    const b = ex.spawn(m.lock())
    ex.runUntilStalled()
    a.cancel()
    held.release()
    ex.runUntilStalled()
    expect(b.outcome?._tag).toBe("Success")
  })

  it("a released guard throws UseAfterRelease; release is idempotent", () => {
    const m = new Mutex({ n: 1 })
    const g = m.tryLock()!
    expect(m.tryLock()).toBeUndefined()
    g.release()
    g.release()
    expect(() => g.value).toThrow(UseAfterRelease)
    expect(m.tryLock()).toBeDefined()
  })
})
