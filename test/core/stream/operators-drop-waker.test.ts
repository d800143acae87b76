// The stream waker rule for the operators: a cancelled `next()` leaves nothing registered
// (its dropWaker reaches every source the operator polled), and loses no item.
import { describe, expect, it } from "vitest"
import { stream, timeout, type StreamBase } from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

const ticks = () => stream.interval(10)
const cases: [string, () => StreamBase<number, unknown>][] = [
  ["flatMap", () => stream.flatMap(stream.fromIterable([1, 2]), () => ticks(), { concurrency: 2 })],
  ["switchMap", () => stream.switchMap(stream.fromIterable([1]), () => ticks())],
  ["exhaustMap", () => stream.exhaustMap(stream.fromIterable([1]), () => ticks())],
  ["concat", () => stream.concat(ticks(), ticks())],
  ["skip", () => stream.skip(ticks(), 1)],
  ["takeWhile", () => stream.takeWhile(ticks(), () => true)],
  ["filterMap", () => stream.filterMap(ticks(), (x) => x)],
  ["distinctUntilChanged", () => stream.distinctUntilChanged(ticks())],
  ["enumerate", () => stream.map(stream.enumerate(ticks()), ([i]) => i)],
  ["catchError", () => stream.catchError(ticks(), () => ticks())],
  ["timeout (per item)", () => stream.timeout(ticks(), 1_000)],
  ["fuse", () => stream.fuse(ticks())],
  ["peekable", () => stream.peekable(ticks())],
  ["share", () => stream.share(ticks()).subscribe()],
]

describe("operators: a cancelled next() leaves no timer and loses no item", () => {
  it.each(cases)("%s", (name, make) => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const s = make()
    const h = ex.spawn(timeout(s.next(), 3))
    clock.advance(3)
    expect(h.outcome?._tag).toBe("Failure") // the next() was cancelled by the timeout
    expect(clock.pendingTimers).toBe(0) // …and the interval's timer armed for it is gone
    expect(ex.strayWakes).toBe(0)
    const first = ex.blockOn(s.next()) // the stream goes on: the first tick was not lost
    expect(first).toBe(name === "skip" ? 1 : 0)
    s.cancel()
    expect(clock.pendingTimers).toBe(0)
  })
})
