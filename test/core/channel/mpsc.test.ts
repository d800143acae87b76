import { describe, expect, it } from "vitest"
import {
  ChannelClosed,
  Done,
  Pending,
  gen,
  join,
  mpsc,
  select,
  sleep,
  stream,
  timeout,
  TimeoutError,
} from "@pollable/core"
import { contextOf, CountingWaker, virtualTime } from "@pollable/core/testing"

const setup = virtualTime

describe("mpsc", () => {
  it("FIFO through the buffer, then Done after close", () => {
    const { ex } = setup()
    const [tx, rx] = mpsc<number>(2)
    ex.spawn(
      gen(function* () {
        for (let i = 0; i < 10; i++) yield* tx.send(i)
        tx.close()
      }),
    )
    expect(ex.blockOn(stream.collect(rx))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it("backpressure: send waits while full; trySend reports full", () => {
    const [tx, rx] = mpsc<number>(1)
    expect(tx.trySend(1)).toBe(true)
    expect(tx.trySend(2)).toBe(false)
    const w = new CountingWaker()
    const s = tx.send(2)
    expect(s.poll(contextOf(w))).toBe(Pending)
    expect(rx.tryRecv()).toBe(1)
    expect(w.count).toBe(1)
    expect(s.poll(contextOf(w))).toBeUndefined()
    expect(rx.tryRecv()).toBe(2)
    expect(rx.tryRecv()).toBe(Pending)
  })

  it("waiting senders are woken in order, and trySend does not jump the queue", () => {
    const [tx, rx] = mpsc<string>(1)
    tx.trySend("first")
    const senders = ["a", "b", "c"].map((v) => tx.send(v))
    for (const s of senders) expect(s.poll(contextOf())).toBe(Pending)
    expect(rx.tryRecv()).toBe("first")
    expect(tx.trySend("intruder")).toBe(false)
    const got: string[] = []
    for (const s of senders) {
      expect(s.poll(contextOf())).toBeUndefined()
      got.push(rx.tryRecv() as string)
    }
    expect(got).toEqual(["a", "b", "c"])
  })

  it("receiver wakes on send; only the latest waker is woken", () => {
    const [tx, rx] = mpsc<number>(4)
    const w1 = new CountingWaker()
    const w2 = new CountingWaker()
    expect(rx.pollNext(contextOf(w1))).toBe(Pending)
    expect(rx.pollNext(contextOf(w2))).toBe(Pending)
    tx.trySend(1)
    expect([w1.count, w2.count]).toEqual([0, 1])
  })

  it("cancel safety: a cancelled waiting send is not delivered and its slot goes to the next sender", () => {
    const [tx, rx] = mpsc<string>(1)
    tx.trySend("x")
    const a = tx.send("a")
    const b = tx.send("b")
    const wa = new CountingWaker()
    const wb = new CountingWaker()
    expect(a.poll(contextOf(wa))).toBe(Pending)
    expect(b.poll(contextOf(wb))).toBe(Pending)
    expect(rx.tryRecv()).toBe("x") // slot reserved for a, a woken
    expect(wa.count).toBe(1)
    a.cancel() // a never writes: its slot passes to b
    expect(wb.count).toBe(1)
    expect(b.poll(contextOf(wb))).toBeUndefined()
    expect(rx.tryRecv()).toBe("b")
    expect(rx.tryRecv()).toBe(Pending)
  })

  it("cancel safety: cancelling a send still in the queue loses no other message", () => {
    const [tx, rx] = mpsc<string>(1)
    tx.trySend("x")
    const a = tx.send("a")
    const b = tx.send("b")
    a.poll(contextOf())
    b.poll(contextOf())
    b.cancel()
    expect(rx.tryRecv()).toBe("x")
    expect(a.poll(contextOf())).toBeUndefined()
    expect(rx.tryRecv()).toBe("a")
    expect(rx.tryRecv()).toBe(Pending)
  })

  it("cancel safety: cancelling recv() loses no message (timeout around recv)", () => {
    const { clock, ex } = setup()
    const [tx, rx] = mpsc<number>(4)
    const got: unknown[] = []
    ex.spawn(
      gen(function* () {
        for (;;) {
          try {
            const v = yield* timeout(rx.recv(), 10)
            if (v === Done) return
            got.push(v)
          } catch (e) {
            if (!(e instanceof TimeoutError)) throw e
            got.push("timeout")
          }
        }
      }),
    )
    ex.runUntilStalled()
    clock.advance(10)
    tx.trySend(1)
    tx.trySend(2)
    ex.runUntilStalled()
    clock.advance(10)
    tx.close()
    ex.runUntilStalled()
    expect(got).toEqual(["timeout", 1, 2, "timeout"])
  })

  it("close: waiting senders fail with ChannelClosed, buffered values are still received", () => {
    const [tx, rx] = mpsc<number>(1)
    tx.trySend(1)
    const s = tx.send(2)
    const w = new CountingWaker()
    expect(s.poll(contextOf(w))).toBe(Pending)
    rx.close()
    expect(w.count).toBe(1)
    expect(() => s.poll(contextOf())).toThrow(ChannelClosed)
    expect(() => tx.trySend(3)).toThrow(ChannelClosed)
    expect(rx.tryRecv()).toBe(1)
    expect(rx.tryRecv()).toBe(Done)
  })

  it("cancelling the receiver closes the channel and fails waiting senders", () => {
    const { ex } = setup()
    const [tx, rx] = mpsc<number>(1)
    tx.trySend(1)
    const h = ex.spawn(tx.send(2))
    ex.runUntilStalled()
    rx.cancel()
    ex.runUntilStalled()
    expect(h.outcome?._tag).toBe("Failure")
    expect(tx.isClosed).toBe(true)
  })

  it("select between recv and a timer; the loser recv loses nothing", () => {
    const { clock, ex } = setup()
    const [tx, rx] = mpsc<number>(1)
    const r1 = ex.spawn(select(rx.recv(), sleep(5)))
    clock.advance(5)
    expect(r1.outcome).toMatchObject({ _tag: "Success", value: { index: 1 } })
    tx.trySend(9)
    expect(ex.blockOn(rx.recv())).toBe(9)
  })

  it("many producers, one consumer: every message exactly once, per-producer order kept", () => {
    const { ex } = setup()
    const [tx, rx] = mpsc<[number, number]>(3)
    const producers = Array.from({ length: 5 }, (_, p) =>
      gen(function* () {
        for (let i = 0; i < 50; i++) yield* tx.send([p, i])
      }),
    )
    ex.spawn(
      gen(function* () {
        yield* join(...producers)
        tx.close()
      }),
    )
    const all = ex.blockOn(stream.collect(rx))
    expect(all.length).toBe(250)
    for (let p = 0; p < 5; p++)
      expect(all.filter(([q]) => q === p).map(([, i]) => i)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it("capacity must be an integer >= 1", () => {
    expect(() => mpsc(0)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
    expect(() => mpsc(1.5)).toThrow(expect.objectContaining({ name: "InvalidArgument" }))
  })
})
