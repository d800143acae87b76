import { describe, expect, it } from "vitest"
import { Pending, RwLock, UseAfterRelease, gen, sleep, timeout } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"

describe("RwLock", () => {
  it("many readers at once; a writer alone", () => {
    const lock = new RwLock(0)
    const r1 = lock.tryRead()!
    const r2 = lock.tryRead()!
    expect(lock.readers).toBe(2)
    expect(lock.tryWrite()).toBeUndefined()
    r1.release()
    r2.release()
    const w = lock.tryWrite()!
    expect(lock.writeLocked).toBe(true)
    expect(lock.tryRead()).toBeUndefined()
    w.value = 5
    w.release()
    expect(lock.tryRead()!.value).toBe(5)
  })
  it("fair: a waiting writer holds back readers that arrive after it (no writer starvation)", () => {
    const ex = new ManualExecutor()
    const lock = new RwLock<string[]>([])
    const reader = lock.tryRead()!
    const order: string[] = []
    const hw = ex.spawn(
      gen(function* () {
        using w = yield* lock.write()
        order.push("writer")
        w.value.push("w")
      }),
    )
    ex.runUntilStalled()
    expect(lock.tryRead()).toBeUndefined() // a writer waits: new readers queue behind it
    const hr = ex.spawn(
      gen(function* () {
        using r = yield* lock.read()
        order.push(`reader saw ${r.value.length}`)
      }),
    )
    ex.runUntilStalled()
    reader.release()
    ex.runUntilStalled()
    expect(order).toEqual(["writer", "reader saw 1"])
    expect(hw.outcome?._tag).toBe("Success")
    expect(hr.outcome?._tag).toBe("Success")
  })
  it("readers queued before a writer go first, together (no reader starvation)", () => {
    const ex = new ManualExecutor()
    const lock = new RwLock(0)
    const w0 = lock.tryWrite()!
    const seen: string[] = []
    let concurrent = 0
    let maxConcurrent = 0
    const read = (name: string) =>
      ex.spawn(
        gen(function* () {
          using _r = yield* lock.read()
          concurrent++
          maxConcurrent = Math.max(maxConcurrent, concurrent)
          seen.push(name)
          yield* sleep(0)
          concurrent--
        }),
      )
    read("r1")
    read("r2")
    ex.spawn(
      gen(function* () {
        using _w = yield* lock.write()
        seen.push(`w (readers: ${lock.readers})`)
      }),
    )
    ex.runUntilStalled()
    w0.release()
    ex.runUntilStalled()
    expect(seen).toEqual(["r1", "r2", "w (readers: 0)"])
    expect(maxConcurrent).toBe(2)
  })
  it("a guard used after release throws UseAfterRelease; release is idempotent; using releases", () => {
    const lock = new RwLock({ n: 1 })
    const r = lock.tryRead()!
    r.release()
    r.release()
    expect(() => r.value).toThrow(UseAfterRelease)
    {
      using w = lock.tryWrite()!
      w.value = { n: 2 }
    }
    expect(lock.writeLocked).toBe(false)
    const w = lock.tryWrite()!
    w.release()
    expect(() => {
      w.value = { n: 3 }
    }).toThrow(UseAfterRelease)
  })
  it(
    "cancel safety: a cancelled waiting writer lets the readers behind it in; " +
      "an access handed to a cancelled waiter is passed on",
    () => {
      const lock = new RwLock(0)
      const reader = lock.tryRead()!
      const write = lock.write()
      const ww = new CountingWaker()
      expect(write.poll(contextOf(ww))).toBe(Pending)
      const read = lock.read()
      const rw = new CountingWaker()
      expect(read.poll(contextOf(rw))).toBe(Pending) // behind the writer
      write.cancel()
      expect(rw.count).toBe(1) // the head left: the reader is admitted
      expect(lock.readers).toBe(2)
      read.cancel() // handed but cancelled before it saw it: passed back
      expect(lock.readers).toBe(1)
      reader.release()
      expect(lock.tryWrite()).toBeDefined()
    },
  )
  it("no timer or waker left when a waiting read is cancelled by a timeout (leak check)", () => {
    const lock = new RwLock(0)
    const held = lock.tryWrite()!
    checkNoLeaks(() => timeout(lock.read(), 5), 10)
    held.release()
    expect(lock.tryWrite()).toBeDefined()
    expect(new VirtualClock().pendingTimers).toBe(0)
  })
})
