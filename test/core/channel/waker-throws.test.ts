import { describe, expect, it } from "vitest"
import { broadcast, mpsc, oneshot, Pending } from "@pollable/core"
import { contextOf, CountingWaker } from "@pollable/core/testing"
import { ThrowingWaker, faultsPerTest } from "../../support/faults.js"

const cap = faultsPerTest()

describe("channels with a waker that throws", () => {
  it("broadcast send: every other receiver is still woken; send returns normally", () => {
    const [tx, rx1] = broadcast<number>(4)
    const rx2 = tx.subscribe()
    const rx3 = tx.subscribe()
    const bad = new ThrowingWaker()
    const good2 = new CountingWaker()
    const good3 = new CountingWaker()
    expect(rx1.pollNext(contextOf(bad))).toBe(Pending)
    expect(rx2.pollNext(contextOf(good2))).toBe(Pending)
    expect(rx3.pollNext(contextOf(good3))).toBe(Pending)
    expect(tx.send(1)).toBe(3)
    expect([bad.calls, good2.count, good3.count]).toEqual([1, 1, 1])
    expect(rx1.pollNext(contextOf(bad))).toBe(1)
    expect(cap.faults).toHaveLength(1)
  })

  it("broadcast close: every receiver is woken", () => {
    const [tx, rx1] = broadcast<number>(4)
    const rx2 = tx.subscribe()
    const good = new CountingWaker()
    rx1.pollNext(contextOf(new ThrowingWaker()))
    rx2.pollNext(contextOf(good))
    expect(() => tx.close()).not.toThrow()
    expect(good.count).toBe(1)
  })

  it("mpsc trySend reports a delivered value as delivered when the receiver's waker throws", () => {
    const [tx, rx] = mpsc<string>(2)
    expect(rx.pollNext(contextOf(new ThrowingWaker()))).toBe(Pending)
    expect(tx.trySend("kept")).toBe(true)
    expect(rx.tryRecv()).toBe("kept")
    expect(cap.faults).toHaveLength(1)
  })

  it("mpsc close wakes every waiting sender and the receiver", () => {
    const [tx, rx] = mpsc<number>(1)
    tx.trySend(0)
    const s1 = tx.send(1)
    const s2 = tx.send(2)
    const w2 = new CountingWaker()
    const wr = new CountingWaker()
    expect(s1.poll(contextOf(new ThrowingWaker()))).toBe(Pending)
    expect(s2.poll(contextOf(w2))).toBe(Pending)
    rx.tryRecv()
    // the slot went to s1, whose waker threw: s1 still holds it
    expect(cap.faults).toHaveLength(1)
    expect(s1.poll(contextOf(new CountingWaker()))).toBeUndefined()
    expect(rx.pollNext(contextOf(wr))).toBe(1)
    expect(rx.pollNext(contextOf(wr))).toBe(Pending)
    const s3 = tx.send(3)
    s3.poll(contextOf(new ThrowingWaker()))
    expect(() => tx.close()).not.toThrow()
    expect(w2.count).toBeGreaterThanOrEqual(1)
    expect(wr.count).toBe(1)
  })

  it("oneshot send returns true when the receiver's waker throws; closed() waiters are all woken", () => {
    const [tx, rx] = oneshot<number>()
    expect(rx.poll(contextOf(new ThrowingWaker()))).toBe(Pending)
    expect(tx.send(9)).toBe(true)
    expect(cap.faults).toHaveLength(1)
    expect(rx.poll(contextOf(new CountingWaker()))).toBe(9)

    const [tx2, rx2] = oneshot<number>()
    const c1 = tx2.closed()
    const c2 = tx2.closed()
    const good = new CountingWaker()
    c1.poll(contextOf(new ThrowingWaker()))
    c2.poll(contextOf(good))
    expect(() => rx2.cancel()).not.toThrow()
    expect(good.count).toBe(1)
  })
})
