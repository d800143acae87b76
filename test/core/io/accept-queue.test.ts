// AcceptQueue, the unaccepted connections and waiting accepts behind both the simulated
// network's listener and the Node adapter's: first in, first out; every waiter woken by a new
// connection; a cancelled waiter forgotten without stranding the others; close() closing
// what nobody took and waking everyone.
import { describe, expect, it } from "vitest"
import { Pending } from "@pollable/core"
import { AcceptQueue } from "@pollable/core/adapter"
import { contextOf, CountingWaker } from "@pollable/core/testing"

class Conn {
  closed = false
  constructor(readonly id: number) {}
  close(): void {
    this.closed = true
  }
}

describe("AcceptQueue", () => {
  it("hands out queued connections oldest first", () => {
    const q = new AcceptQueue<Conn>()
    const a = new Conn(1)
    const b = new Conn(2)
    q.push(a)
    q.push(b)
    const waiter = {}
    expect(q.poll(contextOf(), waiter)).toBe(a)
    expect(q.poll(contextOf(), waiter)).toBe(b)
    expect(q.poll(contextOf(), waiter)).toBe(Pending)
  })

  it("a push wakes every waiting accept once, with the waker each registered last", () => {
    const q = new AcceptQueue<Conn>()
    const first = new CountingWaker()
    const latest = new CountingWaker()
    const other = new CountingWaker()
    const w1 = {}
    const w2 = {}
    expect(q.poll(contextOf(first), w1)).toBe(Pending)
    expect(q.poll(contextOf(latest), w1)).toBe(Pending) // replaces w1's earlier waker
    expect(q.poll(contextOf(other), w2)).toBe(Pending)
    q.push(new Conn(1))
    expect([first.count, latest.count, other.count]).toEqual([0, 1, 1])
    q.push(new Conn(2)) // the waiters were woken and forgotten: nobody is woken twice
    expect([first.count, latest.count, other.count]).toEqual([0, 1, 1])
  })

  it("dropWaker forgets one cancelled waiter and leaves the others waiting", () => {
    const q = new AcceptQueue<Conn>()
    const cancelled = new CountingWaker()
    const waiting = new CountingWaker()
    const gone = {}
    expect(q.poll(contextOf(cancelled), gone)).toBe(Pending)
    expect(q.poll(contextOf(waiting), {})).toBe(Pending)
    q.dropWaker(gone)
    q.push(new Conn(1))
    expect(cancelled.count).toBe(0)
    expect(waiting.count).toBe(1)
  })

  it("close() closes every connection nobody accepted, and only those", () => {
    const q = new AcceptQueue<Conn>()
    const taken = new Conn(0)
    const left = [new Conn(1), new Conn(2)]
    q.push(taken)
    for (const c of left) q.push(c)
    expect(q.poll(contextOf(), {})).toBe(taken)
    q.close()
    expect(left.map((c) => c.closed)).toEqual([true, true])
    expect(taken.closed).toBe(false)
    expect(q.poll(contextOf(), {})).toBe(Pending)
  })

  it("close() wakes every waiting accept, so each sees its listener closed", () => {
    const q = new AcceptQueue<Conn>()
    const a = new CountingWaker()
    const b = new CountingWaker()
    expect(q.poll(contextOf(a), {})).toBe(Pending)
    expect(q.poll(contextOf(b), {})).toBe(Pending)
    q.close()
    expect([a.count, b.count]).toEqual([1, 1])
  })
})
