// Rule 4 for `next()`: a cancelled `next()` leaves nothing registered in the stream — no
// timer armed for it, no reference to the cancelled consumer's waker — and loses no item.
import { describe, expect, it } from "vitest"
import {
  type Done,
  Pending,
  TimeoutError,
  broadcast,
  mpsc,
  stream,
  timeout,
  type Context,
  type Stream,
  type Waker,
} from "@pollable/core"
import { checkNoLeaks, contextOf, CountingWaker, ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { Source } from "./stream-helpers.js"

/** A stream that is not a StreamBase (no `dropWaker`): it keeps whatever waker it was polled with. */
class Bare implements Stream<number, never> {
  waker: Waker | undefined
  items: number[] = []
  pollNext(cx: Context): number | typeof Pending | typeof Done {
    const x = this.items.shift()
    if (x !== undefined) return x
    this.waker = cx.waker
    return Pending
  }
  push(x: number): void {
    this.items.push(x)
    this.waker?.wake()
  }
  cancel(): void {}
}

describe("a cancelled next() releases what it registered in the stream (rule 4)", () => {
  const timed: [string, () => Stream<unknown, unknown>][] = [
    ["interval", () => stream.interval(100)],
    ["map(interval)", () => stream.map(stream.interval(100), (x) => x)],
    ["filter(interval)", () => stream.filter(stream.interval(100), () => true)],
    ["take(interval)", () => stream.take(stream.interval(100), 3)],
    ["scan(interval)", () => stream.scan(stream.interval(100), 0, (a, x) => a + x)],
    ["chunks(interval)", () => stream.chunks(stream.interval(100), 2)],
    ["merge(interval, interval)", () => stream.merge(stream.interval(100), stream.interval(150))],
    ["zip(interval, interval)", () => stream.zip(stream.interval(100), stream.interval(150))],
    ["throttle(interval)", () => stream.throttle(stream.interval(100), 10)],
    ["debounce(interval)", () => stream.debounce(stream.take(stream.interval(100), 1), 500)],
    ["takeUntil(interval, never)", () => stream.takeUntil(stream.interval(100), new Source<number>().next())],
  ]
  for (const [name, make] of timed) {
    it(`${name}: no timer stays armed, and the stream still delivers`, () => {
      const clock = new VirtualClock()
      const ex = new ManualExecutor({ timer: clock })
      const s = make()
      const n = ex.spawn(stream.next(s))
      ex.runUntilStalled()
      expect(clock.pendingTimers).toBeGreaterThan(0)
      n.cancel()
      expect(clock.pendingTimers).toBe(0)
      const h = ex.spawn(stream.next(s))
      clock.runAll()
      expect(h.outcome?._tag).toBe("Success")
      expect(ex.strayWakes).toBe(0)
      s.cancel()
      expect(clock.pendingTimers).toBe(0)
    })
  }

  it("checkNoLeaks: timeout(interval.next()) leaves no timer once the timeout fired", () => {
    const s = stream.interval(1000)
    const report = checkNoLeaks(() => timeout(s.next(), 50), 60)
    expect(report.outcome).toMatchObject({ _tag: "Failure", error: expect.any(TimeoutError) })
    s.cancel()
  })

  it("a StreamBase drops the cancelled next()'s waker (Source.waker is cleared through map)", () => {
    const src = new Source<number>()
    const s = stream.map(src, (x) => x * 2)
    const w = new CountingWaker()
    const n = s.next()
    expect(n.poll(contextOf(w))).toBe(Pending)
    expect(src.waker).toBeDefined()
    n.cancel()
    expect(src.waker).toBeUndefined()
    src.push(21)
    expect(w.count).toBe(0)
    expect(s.next().poll(contextOf())).toBe(42) // no item lost
  })

  it("a stream without dropWaker never holds the consumer's waker: a wake after cancel reaches nobody", () => {
    const s = new Bare()
    const w = new CountingWaker()
    const n = stream.next(s)
    expect(n.poll(contextOf(w))).toBe(Pending)
    n.cancel()
    s.push(7)
    expect(w.count).toBe(0)
    expect(stream.next(s).poll(contextOf())).toBe(7)
  })

  it("the latest waker still gets the wake while next() is pending (rule 1)", () => {
    const s = new Bare()
    const a = new CountingWaker()
    const b = new CountingWaker()
    const n = stream.next(s)
    expect(n.poll(contextOf(a))).toBe(Pending)
    expect(n.poll(contextOf(b))).toBe(Pending)
    s.push(1)
    expect([a.count, b.count]).toEqual([0, 1])
    expect(n.poll(contextOf(b))).toBe(1)
  })

  it("cancelling one next() does not drop another next()'s registration on the same stream", () => {
    const src = new Source<number>()
    const a = src.next()
    const b = src.next()
    const wa = new CountingWaker()
    const wb = new CountingWaker()
    expect(a.poll(contextOf(wa))).toBe(Pending)
    expect(b.poll(contextOf(wb))).toBe(Pending)
    a.cancel()
    src.push(5)
    expect(wb.count).toBe(1)
    expect(b.poll(contextOf(wb))).toBe(5)
  })

  it("fromAsyncIterable: the cancelled next()'s waker is not woken when the in-flight item arrives", async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    async function* items() {
      await gate
      yield 1
    }
    const s = stream.fromAsyncIterable(items())
    const w = new CountingWaker()
    const n = s.next()
    expect(n.poll(contextOf(w))).toBe(Pending)
    n.cancel()
    release()
    await new Promise((r) => setTimeout(r, 0))
    expect(w.count).toBe(0)
    expect(s.next().poll(contextOf())).toBe(1) // the item in flight is kept for the next poll
    s.cancel()
  })
})

describe("channel receivers forget a dropped waker", () => {
  it("mpsc: a value sent after dropWaker wakes nobody, and is still received", () => {
    const [tx, rx] = mpsc<number>(4)
    const w = new CountingWaker()
    expect(rx.pollNext(contextOf(w))).toBe(Pending)
    rx.dropWaker(new CountingWaker()) // not the registered one: kept
    expect(tx.trySend(1)).toBe(true)
    expect(w.count).toBe(1)
    expect(rx.pollNext(contextOf(w))).toBe(1)
    expect(rx.pollNext(contextOf(w))).toBe(Pending)
    rx.dropWaker(w)
    expect(tx.trySend(2)).toBe(true)
    expect(w.count).toBe(1)
    expect(rx.pollNext(contextOf(w))).toBe(2)
  })

  it("broadcast: a value sent after dropWaker wakes nobody; the receiver keeps its place", () => {
    const [tx, rx] = broadcast<number>(4)
    const w = new CountingWaker()
    expect(rx.pollNext(contextOf(w))).toBe(Pending)
    rx.dropWaker(w)
    tx.send(1)
    expect(w.count).toBe(0)
    expect(rx.pollNext(contextOf(w))).toBe(1)
    expect(rx.pollNext(contextOf(w))).toBe(Pending)
    tx.send(2)
    expect(w.count).toBe(1)
    expect(rx.pollNext(contextOf(w))).toBe(2)
  })
})
