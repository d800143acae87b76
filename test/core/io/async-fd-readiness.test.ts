// The readiness primitives of AsyncFd on their own: the writable() future, clearReady()'s
// contract (only after WouldBlock), readable() holding the read direction, and readiness or
// IO through a guard after close().
import { describe, expect, it } from "vitest"
import { AsyncFd, FdBusy, FdClosed, Pending, read, WouldBlock } from "@pollable/core"
import { contextOf, CountingWaker, ManualExecutor, memoryPair } from "@pollable/core/testing"

const enc = (s: string) => new TextEncoder().encode(s)
const errorOf = (h: { outcome: unknown }): unknown => (h.outcome as { error?: unknown } | undefined)?.error

function fds(capacity = 65536) {
  const [a, b] = memoryPair({ capacity })
  return { fa: new AsyncFd(a), fb: new AsyncFd(b) }
}

describe("AsyncFd readiness primitives", () => {
  it("writable() waits while the peer's buffer is full and resolves to the write guard once it drains", () => {
    const { fa, fb } = fds(4)
    const ex = new ManualExecutor()
    expect(fa.tryWrite(enc("abcd"))).toBe(4)
    expect(fa.tryWrite(enc("e"))).toBe(WouldBlock) // full: clears write readiness
    const w = ex.spawn(fa.writable())
    ex.runUntilStalled()
    expect(w.outcome).toBeUndefined()
    expect(fb.tryRead()).not.toBe(WouldBlock) // the peer drains
    ex.runUntilStalled()
    expect(w.outcome?._tag).toBe("Success")
    const g = (w.outcome as { value: { direction: string; fd: unknown } }).value
    expect(g.direction).toBe("write")
    expect(g.fd).toBe(fa)
    expect(fa.tryWrite(enc("e"))).toBe(1)
  })

  it(
    "clearReady() after WouldBlock makes the next poll wait; " +
      "without it the fd stays ready (the documented busy loop)",
    () => {
      const { fa, fb } = fds()
      const g = fb.pollReadReady(contextOf())
      if (g === Pending) throw new Error("an fd starts ready")
      // the source says WouldBlock, but the caller did not go through tryIo and forgot clearReady()
      expect(fb.source.tryRead()).toBe(WouldBlock)
      expect(fb.pollReadReady(contextOf())).toBe(g)
      g.clearReady()
      const waker = new CountingWaker()
      expect(fb.pollReadReady(contextOf(waker))).toBe(Pending)
      fa.tryWrite(enc("x"))
      expect(waker.count).toBe(1)
      expect(fb.pollReadReady(contextOf(waker))).toBe(g)
    },
  )

  it("readable() holds the read direction: a concurrent read fails with FdBusy; cancelling it frees the fd", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    expect(fb.tryRead()).toBe(WouldBlock)
    const waiting = ex.spawn(fb.readable())
    ex.runUntilStalled()
    const rival = ex.spawn(read(fb))
    ex.runUntilStalled()
    expect(errorOf(rival)).toBeInstanceOf(FdBusy)
    waiting.cancel()
    ex.runUntilStalled()
    const next = ex.spawn(read(fb))
    fa.tryWrite(enc("hi"))
    ex.runUntilStalled()
    expect(new TextDecoder().decode((next.outcome as { value: Uint8Array }).value)).toBe("hi")
    expect(ex.strayWakes).toBe(0)
  })

  it("after close(): readable()/writable() fail with FdClosed, and a guard kept from before refuses tryIo", () => {
    const { fb } = fds()
    const g = fb.pollReadReady(contextOf())
    if (g === Pending) throw new Error("an fd starts ready")
    fb.close()
    const ex = new ManualExecutor()
    const r = ex.spawn(fb.readable())
    const w = ex.spawn(fb.writable())
    ex.runUntilStalled()
    expect(errorOf(r)).toBeInstanceOf(FdClosed)
    expect(errorOf(w)).toBeInstanceOf(FdClosed)
    expect(() => g.tryIo((s) => s.tryRead())).toThrow(FdClosed)
    expect(() => fb.tryWrite(enc("x"))).toThrow(/after close\(\)/)
  })
})
