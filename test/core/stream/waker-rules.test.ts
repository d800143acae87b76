/**
 * Issue 4: a Stream follows "the same waker rules as Future". stream-base.test.ts checks rule 3
 * on StreamBase itself; this table checks rules 1, 2 and 3 through every stream
 * combinator and every channel receiver, polled by hand:
 * - rule 1: after polls with waker A then waker B, progress wakes B and never A;
 * - rule 2: a poll with nothing changed (spurious) returns Pending and loses no item;
 * - rule 3: pollNext after Done throws PollAfterReady naming the stream.
 */
import { describe, expect, it } from "vitest"
import {
  Done,
  Pending,
  PollAfterReady,
  broadcast,
  mpsc,
  ready,
  sleep,
  stream,
  type Stream,
  buffered,
} from "@pollable/core"
import { CountingWaker, VirtualClock, contextOf } from "@pollable/core/testing"
import { Source } from "./stream-helpers.js"

interface Rig {
  readonly s: Stream<unknown, unknown>
  push(v: number): void
  end(): void
}

const over = (make: (src: Source<number>) => Stream<unknown, unknown>) => (): Rig => {
  const src = new Source<number>()
  return { s: make(src), push: (v) => src.push(v), end: () => src.end() }
}

const rigs: [string, () => Rig][] = [
  ["map", over((s) => stream.map(s, (x) => x))],
  ["filter", over((s) => stream.filter(s, () => true))],
  ["take", over((s) => stream.take(s, 5))],
  ["takeUntil", over((s) => stream.takeUntil(s, sleep(1000)))],
  [
    "scan",
    over((s) =>
      stream.map(
        stream.scan(s, 0, (_, x) => x),
        (x) => x,
      ),
    ),
  ],
  ["merge", over((s) => stream.merge(s, stream.fromIterable<number>([])))],
  ["zip", over((s) => stream.map(stream.zip(s, stream.fromIterable([0, 0, 0])), ([x]) => x))],
  [
    "buffer",
    over((s) =>
      buffered(
        stream.map(s, (x) => ready(x)),
        2,
      ),
    ),
  ],
  ["chunks(1)", over((s) => stream.map(stream.chunks(s, 1), ([x]) => x))],
  ["throttle", over((s) => stream.throttle(s, 1))],
  ["debounce", over((s) => stream.debounce(s, 1))],
  [
    "mpsc receiver",
    () => {
      const [tx, rx] = mpsc<number>(4)
      return { s: rx, push: (v) => void tx.trySend(v), end: () => tx.close() }
    },
  ],
  [
    "broadcast receiver",
    () => {
      const [tx, rx] = broadcast<number>(4)
      return { s: rx, push: (v) => void tx.send(v), end: () => tx.close() }
    },
  ],
]

/** Poll with `cx` until not Pending, advancing the clock 1 ms between polls (throttle/debounce). */
const pollThrough = (r: Rig, w: CountingWaker, clock: VirtualClock): unknown => {
  for (let i = 0; i < 5; i++) {
    const v = r.s.pollNext(contextOf(w, clock))
    if (v !== Pending) return v
    clock.advance(1)
  }
  return Pending
}

describe("stream waker rules through every combinator and channel receiver", () => {
  for (const [name, make] of rigs) {
    it(
      `${name}: rule 1 (latest waker only), rule 2 ` +
        `(spurious polls lose nothing), rule 3 (PollAfterReady after Done)`,
      () => {
        const clock = new VirtualClock()
        const r = make()
        const a = new CountingWaker()
        const b = new CountingWaker()
        expect(r.s.pollNext(contextOf(a, clock))).toBe(Pending)
        expect(r.s.pollNext(contextOf(b, clock))).toBe(Pending)
        expect(r.s.pollNext(contextOf(b, clock))).toBe(Pending) // spurious: nothing changed
        r.push(41)
        expect(b.count).toBeGreaterThanOrEqual(1)
        expect(pollThrough(r, b, clock)).toBe(41)
        expect(r.s.pollNext(contextOf(b, clock))).toBe(Pending) // spurious again: no duplicate of 41
        r.push(42)
        expect(pollThrough(r, b, clock)).toBe(42)
        r.end()
        expect(pollThrough(r, b, clock)).toBe(Done)
        expect(a.count).toBe(0) // the waker of an older poll was never woken
        let err: unknown
        try {
          r.s.pollNext(contextOf(b, clock))
        } catch (e) {
          err = e
        }
        expect(err).toBeInstanceOf(PollAfterReady)
        expect((err as Error).message).toMatch(/after it (completed|ended)/)
        r.s.cancel()
        expect(clock.pendingTimers).toBe(0)
      },
    )
  }

  it("interval: the tick wakes only the latest waker; a spurious poll does not skip a tick", () => {
    const clock = new VirtualClock()
    const s = stream.interval(10)
    const a = new CountingWaker()
    const b = new CountingWaker()
    expect(s.pollNext(contextOf(a, clock))).toBe(Pending)
    expect(s.pollNext(contextOf(b, clock))).toBe(Pending)
    expect(clock.pendingTimers).toBe(1) // re-registered, not duplicated
    clock.advance(5)
    expect(s.pollNext(contextOf(b, clock))).toBe(Pending) // spurious
    clock.advance(5)
    expect([a.count, b.count]).toEqual([0, 1])
    expect(s.pollNext(contextOf(b, clock))).toBe(0)
    s.cancel()
    expect(clock.pendingTimers).toBe(0)
  })
})
