import { describe, expect, it } from "vitest"
import { ChannelClosed, InvalidArgument, Pending, gen, timeout, watch } from "@pollable/core"
import { CountingWaker, ManualExecutor, checkNoLeaks, contextOf } from "@pollable/core/testing"

describe("watch: the latest value", () => {
  it("borrow() reads the latest; changed() completes once per newer value, skipping stale ones", () => {
    const ex = new ManualExecutor()
    const [tx, rx] = watch("a")
    expect(rx.borrow()).toBe("a")
    const seen: string[] = []
    const h = ex.spawn(
      gen(function* () {
        for (let i = 0; i < 2; i++) {
          yield* rx.changed()
          seen.push(rx.borrow())
        }
      }),
    )
    ex.runUntilStalled()
    tx.send("b")
    tx.send("c") // sent before the receiver looked: only the newest is seen
    ex.runUntilStalled()
    expect(seen).toEqual(["c"])
    tx.sendModify((v) => `${v}!`)
    ex.runUntilStalled()
    expect(seen).toEqual(["c", "c!"])
    expect(h.outcome?._tag).toBe("Success")
  })
  it("hasChanged / borrowAndUpdate track what this receiver has seen", () => {
    const [tx, rx] = watch(1)
    expect(rx.hasChanged).toBe(false)
    tx.send(2)
    expect(rx.hasChanged).toBe(true)
    expect(rx.borrow()).toBe(2)
    expect(rx.hasChanged).toBe(true) // borrow does not mark seen
    expect(rx.borrowAndUpdate()).toBe(2)
    expect(rx.hasChanged).toBe(false)
    expect(rx.changed().poll(contextOf())).toBe(Pending)
  })
  it("every receiver is woken and has its own seen mark", () => {
    const [tx, rx] = watch(0)
    const rx2 = rx.clone()
    const late = tx.subscribe()
    const ws = [new CountingWaker(), new CountingWaker(), new CountingWaker()]
    const fs = [rx.changed(), rx2.changed(), late.changed()]
    fs.forEach((f, i) => expect(f.poll(contextOf(ws[i]))).toBe(Pending))
    tx.send(1)
    expect(ws.map((w) => w.count)).toEqual([1, 1, 1])
    expect(fs.map((f) => f.poll(contextOf()))).toEqual([undefined, undefined, undefined])
    expect(tx.receiverCount).toBe(3)
  })
  it("cancel safety: a cancelled changed() marks nothing seen — the next one completes at once", () => {
    const [tx, rx] = watch(0)
    const f = rx.changed()
    f.poll(contextOf())
    tx.send(1)
    f.cancel()
    expect(rx.changed().poll(contextOf())).toBeUndefined()
  })
  it("close: changed() fails with ChannelClosed once nothing new is left; borrow still works", () => {
    const [tx, rx] = watch(0)
    const w = new CountingWaker()
    const f = rx.changed()
    f.poll(contextOf(w))
    tx.send(1)
    tx.close()
    expect(f.poll(contextOf())).toBeUndefined() // the last value is still seen
    expect(() => rx.changed().poll(contextOf())).toThrow(ChannelClosed)
    expect(rx.borrow()).toBe(1)
    expect(() => tx.send(2)).toThrow(ChannelClosed)
    const [tx2, rx2] = watch(0)
    const g = rx2.changed()
    const w2 = new CountingWaker()
    g.poll(contextOf(w2))
    tx2[Symbol.dispose]()
    expect(w2.count).toBe(1)
    expect(() => g.poll(contextOf())).toThrow(ChannelClosed)
  })
  it("a closed receiver stops: its changed() fails, receiverCount drops", () => {
    const [tx, rx] = watch(0)
    {
      using r = rx.clone()
      expect(tx.receiverCount).toBe(2)
      void r
    }
    expect(tx.receiverCount).toBe(1)
    rx.close()
    rx.close()
    expect(tx.receiverCount).toBe(0)
    expect(() => rx.changed().poll(contextOf())).toThrow(/this receiver was closed/)
  })
  it("bad input and leak check", () => {
    const [tx, rx] = watch(0)
    expect(() => tx.sendModify(1 as never)).toThrow(InvalidArgument)
    checkNoLeaks(() => timeout(rx.changed(), 5), 10)
  })
})
