/**
 * The run queue's ring buffer: first in, first out through growth, and `take` leaving the
 * item it removed readable as `taken` (the executor's polled task) until the next `take` or
 * `release`, never overwritten by a push.
 */
import { describe, expect, it } from "vitest"
import { Ring } from "../../../packages/core/src/internal/ring.js"

describe("Ring", () => {
  it("keeps first-in first-out order across growth, with shift and take mixed", () => {
    const r = new Ring<number>(4)
    const out: number[] = []
    let next = 0
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < (round % 7) + 1; k++) r.push(next++)
      const v = round % 2 === 0 ? r.shift() : r.take()
      if (v !== undefined) out.push(v)
    }
    for (let v = r.take(); v !== undefined; v = r.take()) out.push(v)
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i))
    expect(r.length).toBe(0)
  })

  it("take leaves its item as taken until the next take or release", () => {
    const r = new Ring<string>(4)
    r.push("a")
    r.push("b")
    expect(r.taken).toBeUndefined()
    expect(r.take()).toBe("a")
    expect(r.taken).toBe("a")
    expect(r.take()).toBe("b")
    expect(r.taken).toBe("b")
    r.release()
    expect(r.taken).toBeUndefined()
    expect(r.take()).toBeUndefined()
  })

  it("a push never overwrites the taken item, and growth keeps it", () => {
    const r = new Ring<string>(4)
    r.push("polled")
    expect(r.take()).toBe("polled")
    // fill past the capacity while the taken item is still being polled
    for (let i = 0; i < 9; i++) {
      r.push(`w${i}`)
      expect(r.taken).toBe("polled")
    }
    expect(r.at(0)).toBe("w0")
    expect(r.at(8)).toBe("w8")
    expect(r.at(9)).toBeUndefined()
    expect(r.take()).toBe("w0")
    expect(r.taken).toBe("w0")
  })
})
