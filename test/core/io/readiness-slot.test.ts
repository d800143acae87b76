// ReadinessSlot, the one-shot readiness callback behind the simulated network's sockets and
// the Node adapter's stream and socket sources: fire runs the armed callback once, an
// unregister from arm() never drops a newer registration, and disarm clears whatever is armed.
import { describe, expect, it } from "vitest"
import { ReadinessSlot } from "@pollable/core/adapter"

function counter() {
  const c = { n: 0, fn: () => void c.n++ }
  return c
}

describe("ReadinessSlot", () => {
  it("fire runs the armed callback once and empties the slot", () => {
    const slot = new ReadinessSlot()
    const a = counter()
    expect(slot.armed).toBe(false)
    slot.arm(a.fn)
    expect(slot.armed).toBe(true)
    slot.fire()
    expect(a.n).toBe(1)
    expect(slot.armed).toBe(false)
    slot.fire()
    expect(a.n).toBe(1)
  })

  it("fire empties the slot before running the callback, so the callback may arm again", () => {
    const slot = new ReadinessSlot()
    const seen: boolean[] = []
    const again = counter()
    slot.arm(() => {
      seen.push(slot.armed)
      slot.arm(again.fn)
    })
    slot.fire()
    expect(seen).toEqual([false])
    expect(slot.armed).toBe(true)
    slot.fire()
    expect(again.n).toBe(1)
  })

  it("fire is bound: passed on its own, as an event listener would be, it still fires this slot", () => {
    const slot = new ReadinessSlot()
    const a = counter()
    slot.arm(a.fn)
    const { fire } = slot
    fire()
    expect(a.n).toBe(1)
  })

  it("arm's unregister clears its own callback, and does nothing once a newer callback is armed", () => {
    const slot = new ReadinessSlot()
    const a = counter()
    const b = counter()
    const unregisterA = slot.arm(a.fn)
    unregisterA()
    expect(slot.armed).toBe(false)
    slot.fire()
    expect(a.n).toBe(0)

    const staleA = slot.arm(a.fn)
    slot.arm(b.fn) // replaces a
    staleA()
    expect(slot.armed).toBe(true)
    slot.fire()
    expect(a.n).toBe(0)
    expect(b.n).toBe(1)
  })

  it("set stores without making an unregister; disarm is one function per slot and clears whatever is armed", () => {
    const slot = new ReadinessSlot()
    const a = counter()
    const b = counter()
    const disarm = slot.disarm
    slot.set(a.fn)
    expect(slot.disarm).toBe(disarm)
    slot.set(b.fn)
    disarm()
    expect(slot.armed).toBe(false)
    slot.fire()
    expect(a.n + b.n).toBe(0)
  })
})
