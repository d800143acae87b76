import { describe, expect, it } from "vitest"
import { Mutex, Notify, Pending, Semaphore, SemaphoreClosed } from "@pollable/core"
import { contextOf, CountingWaker } from "@pollable/core/testing"
import { ThrowingWaker, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("sync primitives with a waker that throws", () => {
  it("Notify.notifyAll wakes every other waiter", () => {
    const n = new Notify()
    const a = n.notified()
    const b = n.notified()
    const c = n.notified()
    const wb = new CountingWaker()
    const wc = new CountingWaker()
    a.poll(contextOf(new ThrowingWaker()))
    b.poll(contextOf(wb))
    c.poll(contextOf(wc))
    expect(() => n.notifyAll()).not.toThrow()
    expect([wb.count, wc.count]).toEqual([1, 1])
    expect(a.poll(contextOf())).toBeUndefined()
    expect(cap.faults).toHaveLength(1)
  })

  it("Notify.notifyOne with a throwing waker does not lose the notification", () => {
    const n = new Notify()
    const a = n.notified()
    a.poll(contextOf(new ThrowingWaker()))
    expect(() => n.notifyOne()).not.toThrow()
    expect(a.poll(contextOf())).toBeUndefined()
  })

  it("Semaphore.close wakes every waiter", () => {
    const s = new Semaphore(0)
    const a = s.acquire()
    const b = s.acquire()
    const wb = new CountingWaker()
    a.poll(contextOf(new ThrowingWaker()))
    b.poll(contextOf(wb))
    expect(() => s.close()).not.toThrow()
    expect(wb.count).toBe(1)
    expect(() => b.poll(contextOf())).toThrow(SemaphoreClosed)
  })

  it("Semaphore release hands permits on past a throwing waker", () => {
    const s = new Semaphore(1)
    const held = s.tryAcquire()!
    const a = s.acquire()
    a.poll(contextOf(new ThrowingWaker()))
    expect(() => held.release()).not.toThrow()
    const permit = a.poll(contextOf())
    expect(permit).not.toBe(Pending)
  })

  it("Mutex unlock hands the lock on past a throwing waker; the next waiter still gets it", () => {
    const m = new Mutex(0)
    const guard = m.tryLock()!
    const a = m.lock()
    const b = m.lock()
    const wb = new CountingWaker()
    a.poll(contextOf(new ThrowingWaker()))
    b.poll(contextOf(wb))
    expect(() => guard.release()).not.toThrow()
    const ga = a.poll(contextOf())
    expect(ga).not.toBe(Pending)
    ;(ga as { release(): void }).release()
    expect(wb.count).toBe(1)
    expect(b.poll(contextOf())).not.toBe(Pending)
    expect(cap.faults).toHaveLength(1)
  })
})
