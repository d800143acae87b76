import { describe, expect, it } from "vitest"
import { Pending, Semaphore, SemaphoreClosed, gen, joinAll, sleep, timeout, TimeoutError } from "@pollable/core"
import { contextOf, CountingWaker, virtualTime } from "@pollable/core/testing"

const setup = virtualTime

describe("Semaphore", () => {
  it("limits concurrency (EXAMPLES §1 shape)", () => {
    const { clock, ex } = setup()
    const slots = new Semaphore(2)
    let inFlight = 0
    let peak = 0
    const job = (ms: number) =>
      gen(function* () {
        const permit = yield* slots.acquire()
        try {
          inFlight++
          peak = Math.max(peak, inFlight)
          yield* sleep(ms)
          return ms
        } finally {
          inFlight--
          permit.release()
        }
      })
    expect(ex.blockOn(joinAll([10, 10, 10, 10, 10].map(job)))).toEqual([10, 10, 10, 10, 10])
    expect(peak).toBe(2)
    expect(clock.now()).toBe(30)
    expect(slots.available).toBe(2)
  })

  it("`using` releases the permit", () => {
    const sem = new Semaphore(1)
    {
      using p = sem.tryAcquire()!
      expect(p.held).toBe(true)
      expect(sem.available).toBe(0)
    }
    expect(sem.available).toBe(1)
  })

  it("release is idempotent; forget shrinks the semaphore", () => {
    const sem = new Semaphore(2)
    const p = sem.tryAcquire(2)!
    p.release()
    p.release()
    expect(sem.available).toBe(2)
    sem.tryAcquire()!.forget()
    expect(sem.available).toBe(1)
  })

  it("FIFO: a big request at the head is not overtaken by smaller ones", () => {
    const sem = new Semaphore(2)
    const held = sem.tryAcquire()!
    const held2 = sem.tryAcquire()!
    const big = sem.acquire(2)
    const small = sem.acquire(1)
    expect(big.poll(contextOf())).toBe(Pending)
    expect(small.poll(contextOf())).toBe(Pending)
    held.release()
    expect(small.poll(contextOf())).toBe(Pending)
    expect(sem.tryAcquire()).toBeUndefined() // no barging either
    held2.release()
    const bp = big.poll(contextOf())
    expect(bp).not.toBe(Pending)
    expect(small.poll(contextOf())).toBe(Pending)
    ;(bp as { release(): void }).release()
    expect(small.poll(contextOf())).not.toBe(Pending)
  })

  it("cancel safety: cancelling the blocking head lets the ones behind proceed", () => {
    const sem = new Semaphore(2)
    const held = sem.tryAcquire()!
    const big = sem.acquire(2)
    const small = sem.acquire(1)
    const w = new CountingWaker()
    expect(held.held).toBe(true)
    big.poll(contextOf())
    small.poll(contextOf(w))
    big.cancel()
    expect(w.count).toBe(1)
    expect(small.poll(contextOf())).not.toBe(Pending)
  })

  it("cancel safety: a waiter cancelled after being handed a permit passes it on (no lost wake)", () => {
    const sem = new Semaphore(1)
    const held = sem.tryAcquire()!
    const a = sem.acquire()
    const b = sem.acquire()
    const wa = new CountingWaker()
    const wb = new CountingWaker()
    a.poll(contextOf(wa))
    b.poll(contextOf(wb))
    held.release()
    expect([wa.count, wb.count]).toEqual([1, 0])
    a.cancel()
    expect(wb.count).toBe(1)
    expect(b.poll(contextOf(wb))).not.toBe(Pending)
  })

  it("close fails waiting and later acquires with SemaphoreClosed", () => {
    const sem = new Semaphore(0)
    const a = sem.acquire()
    const w = new CountingWaker()
    a.poll(contextOf(w))
    sem.close()
    expect(w.count).toBe(1)
    expect(() => a.poll(contextOf())).toThrow(SemaphoreClosed)
    expect(() => sem.acquire().poll(contextOf())).toThrow(SemaphoreClosed)
  })

  it("timeout around acquire cancels the waiter cleanly", () => {
    const { clock, ex } = setup()
    const sem = new Semaphore(0)
    expect(() => ex.blockOn(timeout(sem.acquire(), 5))).toThrow(TimeoutError)
    expect(sem.waiting).toBe(0)
    expect(clock.pendingTimers).toBe(0)
  })

  it("argument checks", () => {
    expect(() => new Semaphore(-1)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
    expect(() => new Semaphore(1).acquire(0)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
  })
})
