import { describe, expect, it } from "vitest"
import { ChannelClosed, Pending, PollAfterReady, gen, oneshot, sleep } from "@pollable/core"
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
