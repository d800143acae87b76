import { describe, expect, it } from "vitest"
import {
  ChannelClosed,
  Done,
  Lagged,
  Pending,
  PollAfterReady,
  broadcast,
  gen,
  join,
  mpsc,
  oneshot,
  select,
  sleep,
  stream,
  timeout,
  TimeoutError,
} from "@pollable/core"
import { contextOf, CountingWaker, virtualTime } from "@pollable/core/testing"

const setup = virtualTime

describe("oneshot", () => {
  it("delivers one value and wakes the receiver", () => {
    const [tx, rx] = oneshot<number>()
    const w = new CountingWaker()
    expect(rx.poll(contextOf(w))).toBe(Pending)
    expect(tx.send(5)).toBe(true)
    expect(w.count).toBe(1)
    expect(rx.poll(contextOf(w))).toBe(5)
    expect(() => rx.poll(contextOf(w))).toThrow(PollAfterReady)
  })

  it("value sent before the first poll is there at once", () => {
    const { ex } = setup()
    const [tx, rx] = oneshot<string>()
    tx.send("x")
    expect(ex.blockOn(rx)).toBe("x")
  })

  it("cancelling (dropping) the sender fails the receiver with ChannelClosed", () => {
    const [tx, rx] = oneshot<number>()
    const w = new CountingWaker()
    expect(rx.poll(contextOf(w))).toBe(Pending)
    tx.cancel()
    expect(w.count).toBe(1)
    expect(() => rx.poll(contextOf(w))).toThrow(ChannelClosed)
  })

  it("cancel safety: cancelling the receiver makes send report false and completes closed()", () => {
    const { ex } = setup()
    const [tx, rx] = oneshot<number>()
    const closed = ex.spawn(tx.closed())
    ex.runUntilStalled()
    expect(tx.isClosed).toBe(false)
    expect(closed.outcome).toBeUndefined()
    rx.cancel()
    ex.runUntilStalled()
    expect(closed.outcome?._tag).toBe("Success")
    expect(tx.isClosed).toBe(true)
    expect(tx.send(1)).toBe(false)
  })

  it("sending twice throws ChannelClosed; cancel after send is a no-op", () => {
    const [tx, rx] = oneshot<number>()
    tx.send(1)
    tx.cancel()
    expect(() => tx.send(2)).toThrow(/already sent/)
    expect(rx.poll(contextOf())).toBe(1)
  })

  it("works across tasks with gen", () => {
    const { ex } = setup()
    const [tx, rx] = oneshot<string>()
    ex.spawn(
      gen(function* () {
        yield* sleep(10)
        tx.send("hi")
      }),
    )
    expect(ex.blockOn(rx)).toBe("hi")
  })

  it("tryRecv", () => {
    const [tx, rx] = oneshot<number>()
    expect(rx.tryRecv()).toBe(Pending)
    tx.send(3)
    expect(rx.tryRecv()).toBe(3)
  })
})

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

describe("broadcast", () => {
  it("every receiver sees every value sent after it subscribed", () => {
    const { ex } = setup()
    const [tx, rx1] = broadcast<number>(8)
    tx.send(1)
    const rx2 = tx.subscribe()
    expect(tx.send(2)).toBe(2)
    tx.send(3)
    tx.close()
    expect(ex.blockOn(stream.collect(rx1))).toEqual([1, 2, 3])
    expect(ex.blockOn(stream.collect(rx2))).toEqual([2, 3])
    expect(tx.receiverCount).toBe(0)
  })

  it("a lagging receiver gets Lagged(skipped), then continues from the oldest retained value", () => {
    const [tx, rx] = broadcast<number>(2)
    for (let i = 1; i <= 5; i++) tx.send(i)
    let err: unknown
    try {
      rx.pollNext(contextOf())
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(Lagged)
    expect((err as Lagged).skipped).toBe(3)
    expect(rx.pollNext(contextOf())).toBe(4)
    expect(rx.pollNext(contextOf())).toBe(5)
    expect(rx.pollNext(contextOf())).toBe(Pending)
  })

  it("send wakes waiting receivers; send with no receivers returns 0", () => {
    const [tx, rx] = broadcast<string>(1)
    const w = new CountingWaker()
    expect(rx.pollNext(contextOf(w))).toBe(Pending)
    tx.send("a")
    expect(w.count).toBe(1)
    rx.cancel()
    expect(tx.receiverCount).toBe(0)
    expect(tx.send("b")).toBe(0)
  })

  it("cancel safety: cancelling recv() loses no value; cancelling the receiver unsubscribes it", () => {
    const [tx, rx] = broadcast<number>(4)
    const r = rx.recv()
    expect(r.poll(contextOf())).toBe(Pending)
    r.cancel()
    tx.send(1)
    expect(rx.pollNext(contextOf())).toBe(1)
    rx.cancel()
    expect(tx.receiverCount).toBe(0)
  })

  it("send after close throws ChannelClosed; receivers drain then end", () => {
    const [tx, rx] = broadcast<number>(4)
    tx.send(1)
    tx.close()
    expect(() => tx.send(2)).toThrow(ChannelClosed)
    expect(rx.pollNext(contextOf())).toBe(1)
    expect(rx.pollNext(contextOf())).toBe(Done)
  })
})

describe("review-concurrency: channel edge cases", () => {
  it("oneshot: tryRecv after the value was taken does not blame the sender", () => {
    const [tx, rx] = oneshot<number>()
    tx.send(1)
    expect(rx.tryRecv()).toBe(1)
    expect(() => rx.tryRecv()).toThrow(/already received/)
  })

  it("mpsc: cancelling the receiver does not wake its own (abandoned) waker", () => {
    const [, rx] = mpsc<number>(1)
    const w = new CountingWaker()
    expect(rx.pollNext(contextOf(w))).toBe(Pending)
    rx.cancel()
    expect(w.count).toBe(0)
  })
})
