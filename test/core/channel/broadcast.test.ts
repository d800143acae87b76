import { describe, expect, it } from "vitest"
import { ChannelClosed, Done, Lagged, Pending, broadcast, stream } from "@pollable/core"
import { contextOf, CountingWaker, virtualTime } from "@pollable/core/testing"

const setup = virtualTime

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
