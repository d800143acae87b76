import { describe, expect, it } from "vitest"
import {
  Mutex,
  Notify,
  Pending,
  Semaphore,
  SemaphoreClosed,
  UseAfterRelease,
  gen,
  join,
  joinAll,
  sleep,
  timeout,
  TimeoutError,
} from "@pollable/core"
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
    expect(() => new Semaphore(-1)).toThrow(/InvalidArgument/)
    expect(() => new Semaphore(1).acquire(0)).toThrow(/InvalidArgument/)
  })
})

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

describe("Notify", () => {
  it("notifyOne wakes the longest waiter first", () => {
    const n = new Notify()
    const a = n.notified()
    const b = n.notified()
    const wa = new CountingWaker()
    const wb = new CountingWaker()
    expect(a.poll(contextOf(wa))).toBe(Pending)
    expect(b.poll(contextOf(wb))).toBe(Pending)
    n.notifyOne()
    expect([wa.count, wb.count]).toEqual([1, 0])
    expect(a.poll(contextOf())).toBeUndefined()
    expect(b.poll(contextOf())).toBe(Pending)
  })

  it("notifyOne with nobody waiting stores exactly one permit", () => {
    const n = new Notify()
    n.notifyOne()
    n.notifyOne()
    expect(n.notified().poll(contextOf())).toBeUndefined()
    expect(n.notified().poll(contextOf())).toBe(Pending)
  })

  it("notifyAll wakes every notified() created before it, polled or not, and stores no permit", () => {
    const n = new Notify()
    const polled = n.notified()
    const unpolled = n.notified()
    polled.poll(contextOf())
    n.notifyAll()
    expect(polled.poll(contextOf())).toBeUndefined()
    expect(unpolled.poll(contextOf())).toBeUndefined()
    expect(n.notified().poll(contextOf())).toBe(Pending)
  })

  it("cancel safety: a notified() cancelled after notifyOne picked it passes the notification on", () => {
    const n = new Notify()
    const a = n.notified()
    const b = n.notified()
    const wb = new CountingWaker()
    a.poll(contextOf())
    b.poll(contextOf(wb))
    n.notifyOne()
    a.cancel()
    expect(wb.count).toBe(1)
    expect(b.poll(contextOf())).toBeUndefined()
    // with nobody left, a passed-on notification becomes the permit
    const c = n.notified()
    c.poll(contextOf())
    n.notifyOne()
    c.cancel()
    expect(n.notified().poll(contextOf())).toBeUndefined()
  })

  it("cancel safety: cancelling a queued notified() removes it", () => {
    const n = new Notify()
    const a = n.notified()
    a.poll(contextOf())
    expect(n.waiting).toBe(1)
    a.cancel()
    expect(n.waiting).toBe(0)
    n.notifyOne()
    expect(n.notified().poll(contextOf())).toBeUndefined()
  })

  it("condition-variable pattern across tasks", () => {
    const { ex } = setup()
    const n = new Notify()
    let flag = false
    const waiter = ex.spawn(
      gen(function* () {
        for (;;) {
          const w = n.notified()
          if (flag) return "seen"
          yield* w
        }
      }),
    )
    ex.spawn(
      gen(function* () {
        yield* sleep(5)
        flag = true
        n.notifyAll()
      }),
    )
    expect(ex.blockOn(join(waiter, sleep(10)))[0]).toBe("seen")
  })
})
