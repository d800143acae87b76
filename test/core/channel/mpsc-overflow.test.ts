import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { ChannelClosed, Done, InvalidArgument, gen, mpsc, stream, unboundedMpsc } from "@pollable/core"
import { ManualExecutor, contextOf } from "@pollable/core/testing"

const drain = <T>(rx: { pollNext(cx: ReturnType<typeof contextOf>): unknown }) => {
  const out: T[] = []
  const cx = contextOf()
  for (let r = rx.pollNext(cx); r !== Done && typeof r !== "symbol"; r = rx.pollNext(cx)) out.push(r as T)
  return out
}

describe("mpsc overflow policies and unboundedMpsc", () => {
  it("dropOldest (sliding): a full channel drops its oldest value; send never waits", () => {
    const ex = new ManualExecutor()
    const [tx, rx] = mpsc<number>(3, { overflow: "dropOldest" })
    ex.blockOn(
      gen(function* () {
        for (let i = 1; i <= 5; i++) yield* tx.send(i)
      }),
    )
    expect(tx.trySend(6)).toBe(true)
    expect(tx.dropped).toBe(3)
    tx.close()
    expect(drain(rx)).toEqual([4, 5, 6])
  })
  it("dropNewest (dropping): a full channel drops the new value; send completes, trySend says false", () => {
    const ex = new ManualExecutor()
    const [tx, rx] = mpsc<number>(3, { overflow: "dropNewest" })
    ex.blockOn(
      gen(function* () {
        for (let i = 1; i <= 5; i++) yield* tx.send(i)
      }),
    )
    expect(tx.trySend(6)).toBe(false)
    expect(tx.dropped).toBe(3)
    tx.close()
    expect(drain(rx)).toEqual([1, 2, 3])
  })
  it("wait (the default) still applies backpressure", () => {
    const [tx] = mpsc<number>(1)
    expect(tx.trySend(1)).toBe(true)
    expect(tx.trySend(2)).toBe(false)
    expect(tx.dropped).toBe(0)
  })
  it("unboundedMpsc: every send is accepted at once, in order", () => {
    const ex = new ManualExecutor()
    const [tx, rx] = unboundedMpsc<number>()
    for (let i = 0; i < 10_000; i++) expect(tx.trySend(i)).toBe(true)
    ex.blockOn(tx.send(10_000))
    tx.close()
    const all = ex.blockOn(stream.collect(rx))
    expect(all).toHaveLength(10_001)
    expect(all[9_999]).toBe(9_999)
    expect(tx.capacity).toBe(Infinity)
  })
  it("closing still fails sends on every policy", () => {
    for (const overflow of ["wait", "dropOldest", "dropNewest"] as const) {
      const [tx, rx] = mpsc<number>(1, { overflow })
      rx.close()
      expect(() => tx.trySend(1)).toThrow(ChannelClosed)
      expect(() => tx.send(1).poll(contextOf())).toThrow(ChannelClosed)
    }
  })
  it("InvalidArgument for an unknown overflow", () => {
    expect(() => mpsc(1, { overflow: "sliding" as never })).toThrow(InvalidArgument)
    expect(() => mpsc(1, { overflow: "x" as never })).toThrow(/"wait", "dropOldest" or "dropNewest"/)
  })
})

describe("mpsc overflow policies: properties", () => {
  it("every value is received at most once, in send order, or counted as dropped — 1,000 random runs", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("dropOldest" as const, "dropNewest" as const),
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.oneof(fc.constant("send" as const), fc.constant("recv" as const), fc.constant("cancelRecv" as const)),
          { maxLength: 40 },
        ),
        (overflow, capacity, ops) => {
          const [tx, rx] = mpsc<number>(capacity, { overflow })
          const got: number[] = []
          let sent = 0
          for (const op of ops) {
            if (op === "send") {
              const f = tx.send(sent++)
              expect(f.poll(contextOf())).toBeUndefined() // a dropping channel never waits
            } else if (op === "recv") {
              const r = rx.tryRecv()
              if (typeof r === "number") got.push(r)
            } else {
              const f = rx.recv() // polled and cancelled before a value arrives: takes nothing
              const r = f.poll(contextOf())
              if (typeof r === "number") got.push(r)
              else f.cancel()
            }
            expect(rx.length).toBeLessThanOrEqual(capacity)
          }
          for (let k = 1; k < got.length; k++) expect(got[k]!).toBeGreaterThan(got[k - 1]!)
          expect(got.length + rx.length + tx.dropped).toBe(sent) // nothing lost unaccounted, nothing twice
        },
      ),
      { numRuns: 1_000 },
    )
  })
})
