import { describe, expect, it } from "vitest"
import { Notify, Pending, gen, join, sleep } from "@pollable/core"
import { contextOf, CountingWaker, virtualTime } from "@pollable/core/testing"

const setup = virtualTime

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
