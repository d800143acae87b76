import { describe, expect, it } from "vitest"
import { Pending, mpsc, oneshot } from "@pollable/core"
import { contextOf, CountingWaker } from "@pollable/core/testing"

describe("channel edge cases", () => {
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
