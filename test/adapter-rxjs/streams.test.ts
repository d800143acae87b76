import { describe, expect, it } from "vitest"
import { Subject, of, take as rxTake, throwError, concat, range, map as rxMap } from "rxjs"
import { TestScheduler } from "rxjs/testing"
import {
  Done,
  InvalidArgument,
  Pending,
  StreamBase,
  gen,
  sleep,
  stream,
  type Context,
  type Poll,
  type TimerQueue,
} from "@pollable/core"
import { contextOf, CountingWaker } from "@pollable/core/testing"
import {
  BufferOverflow,
  RxjsExecutor,
  observableToStream,
  streamToObservable,
  toObservable,
} from "@pollable/adapter-rxjs"

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

/** A stream that records cancellation. */
class Probe extends StreamBase<number> {
  cancelled = 0
  #n = 0
  get label() {
    return "probe"
  }
  protected step(cx: Context): Poll<number> {
    if (this.#n < 2) return this.#n++
    void cx
    return Pending
  }
  protected onCancel() {
    this.cancelled++
  }
}

describe("streamToObservable (marbles)", () => {
  it("interval ticks in virtual frames, take completes", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      const o = streamToObservable(() => stream.take(stream.interval(10), 3), { scheduler: ts })
      expectObservable(o).toBe("10ms a 9ms b 9ms (c|)", { a: 0, b: 1, c: 2 })
    })
  })

  it("a synchronous stream emits all items in the subscription frame", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      expectObservable(streamToObservable(() => stream.fromIterable([1, 2, 3]), { scheduler: ts })).toBe("(abc|)", {
        a: 1,
        b: 2,
        c: 3,
      })
    })
  })

  it("a stream failure is an error after the items before it", () => {
    const ts = newScheduler()
    const boom = new Error("boom")
    ts.run(({ expectObservable }) => {
      const failing = () =>
        stream.map(stream.take(stream.interval(5), 3), (i) => {
          if (i === 1) throw boom
          return i
        })
      expectObservable(streamToObservable(failing, { scheduler: ts })).toBe("5ms a 4ms #", { a: 0 }, boom)
    })
  })

  it("unsubscribe cancels the stream and leaves no timer", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable, flush }) => {
      const ex = new RxjsExecutor(ts)
      expectObservable(
        streamToObservable(() => stream.interval(10), { executor: ex }),
        "^ 24ms !",
      ).toBe("10ms a 9ms b", {
        a: 0,
        b: 1,
      })
      flush()
      expect((ex.timer as TimerQueue).size).toBe(0)
    })
  })

  it("take(n) downstream cancels the stream from inside next()", async () => {
    const probe = new Probe()
    const seen: number[] = []
    await new Promise<void>((resolve) => {
      streamToObservable(probe)
        .pipe(rxTake(1))
        .subscribe({ next: (v) => seen.push(v), complete: resolve })
    })
    expect(seen).toEqual([0])
    expect(probe.cancelled).toBe(1)
  })

  it("a stream object is single-use; a factory is cold", async () => {
    const o = streamToObservable(stream.fromIterable([1]))
    const first = await new Promise((resolve) => o.subscribe({ next: resolve }))
    expect(first).toBe(1)
    const err = await new Promise((resolve) => o.subscribe({ error: resolve }))
    expect(err).toBeInstanceOf(InvalidArgument)
  })
})

/** Poll a stream by hand with a counting waker. */
const pollAll = <T>(s: { pollNext(cx: Context): Poll<T | typeof Done> }, waker = new CountingWaker()) => {
  const cx = contextOf(waker)
  const out: (T | typeof Done)[] = []
  for (;;) {
    const r = s.pollNext(cx)
    if (r === Pending) return out
    out.push(r)
    if (r === Done) return out
  }
}

describe("observableToStream: buffering and overflow", () => {
  it("is lazy: subscribes at the first poll", () => {
    let subscribed = 0
    const counted = observableToStream(
      concat(
        of(0).pipe(
          rxMap(() => {
            subscribed++
            return 0
          }),
        ),
      ),
    )
    expect(subscribed).toBe(0)
    expect(pollAll(counted)).toEqual([0, Done])
    expect(subscribed).toBe(1)
  })

  it("delivers pushed items in order, wakes the latest waker, then Done", () => {
    const subj = new Subject<number>()
    const s = observableToStream(subj, { buffer: 4 })
    const w1 = new CountingWaker()
    const w2 = new CountingWaker()
    expect(pollAll(s, w1)).toEqual([])
    expect(pollAll(s, w2)).toEqual([])
    subj.next(1)
    subj.next(2)
    expect(w1.count).toBe(0) // rule 1: only the latest waker
    expect(w2.count).toBe(1)
    expect(pollAll(s)).toEqual([1, 2])
    subj.complete()
    expect(pollAll(s)).toEqual([Done])
  })

  it('overflow "error": buffered items first, then BufferOverflow; the source is unsubscribed', () => {
    const subj = new Subject<number>()
    const s = observableToStream(subj, { buffer: 2, overflow: "error" })
    expect(pollAll(s)).toEqual([])
    subj.next(1)
    subj.next(2)
    subj.next(3)
    expect(subj.observed).toBe(false)
    const cx = contextOf(new CountingWaker())
    expect(s.pollNext(cx)).toBe(1)
    expect(s.pollNext(cx)).toBe(2)
    expect(() => s.pollNext(cx)).toThrow(BufferOverflow)
  })

  it('overflow "error" stops a synchronous source while it is still emitting', () => {
    let emitted = 0
    const s = observableToStream(range(0, 1_000_000).pipe(rxMap((x) => (emitted++, x))), { buffer: 3 })
    const cx = contextOf(new CountingWaker())
    expect([s.pollNext(cx), s.pollNext(cx), s.pollNext(cx)]).toEqual([0, 1, 2])
    expect(() => s.pollNext(cx)).toThrow(BufferOverflow)
    expect(emitted).toBeLessThan(10)
  })

  it('overflow "dropOldest" keeps the latest items', () => {
    const s = observableToStream(of(1, 2, 3, 4, 5), { buffer: 2, overflow: "dropOldest" })
    expect(pollAll(s)).toEqual([4, 5, Done])
    expect(s.dropped).toBe(3)
  })

  it('overflow "dropNewest" keeps the earliest items', () => {
    const s = observableToStream(of(1, 2, 3, 4, 5), { buffer: 2, overflow: "dropNewest" })
    expect(pollAll(s)).toEqual([1, 2, Done])
    expect(s.dropped).toBe(3)
  })

  it("buffer: Infinity never overflows", () => {
    const s = observableToStream(range(0, 5000), { buffer: Infinity })
    const out = pollAll(s)
    expect(out.length).toBe(5001)
    expect(out[4999]).toBe(4999)
  })

  it("an Observable error is thrown after the items before it, as it is", () => {
    const boom = new Error("boom")
    const s = observableToStream(
      concat(
        of(1),
        throwError(() => boom),
      ),
    )
    const cx = contextOf(new CountingWaker())
    expect(s.pollNext(cx)).toBe(1)
    expect(() => s.pollNext(cx)).toThrow(boom)
  })

  it("cancel unsubscribes and drops the buffer", () => {
    const subj = new Subject<number>()
    const s = observableToStream(subj)
    pollAll(s)
    subj.next(1)
    expect(subj.observed).toBe(true)
    s.cancel()
    expect(subj.observed).toBe(false)
    expect(s.buffered).toBe(0)
  })

  it("rejects a bad buffer or policy", () => {
    expect(() => observableToStream(of(1), { buffer: 0 })).toThrow(InvalidArgument)
    expect(() => observableToStream(of(1), { buffer: 1.5 })).toThrow(InvalidArgument)
    expect(() => observableToStream(of(1), { overflow: "drop" as never })).toThrow(InvalidArgument)
  })

  it("overflow policies under TestScheduler: a fast producer, a slow consumer", () => {
    // producer: one item per frame (0..9), complete at 10; consumer: one pull every 10 frames
    const consume = (overflow: "dropOldest" | "dropNewest", expected: number[]) => {
      const ts = newScheduler()
      ts.run(({ cold, expectObservable }) => {
        const producer = cold("abcdefghij|", { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5, g: 6, h: 7, i: 8, j: 9 })
        const consumer = () =>
          gen(function* () {
            const s = observableToStream(producer, { buffer: 2, overflow })
            const got: number[] = []
            for (;;) {
              const x = yield* stream.next(s)
              if (x === Done) return got
              got.push(x)
              yield* sleep(10)
            }
          })
        // 0 at frame 0, then one item per 10 frames from a buffer of 2, Done at frame 30
        expectObservable(toObservable(consumer, { scheduler: ts })).toBe("30ms (r|)", { r: expected })
      })
    }
    consume("dropNewest", [0, 1, 2])
    consume("dropOldest", [0, 8, 9])
  })

  it('overflow "error" under TestScheduler: the consumer sees BufferOverflow after the buffered items', () => {
    const ts = newScheduler()
    ts.run(({ cold, expectObservable }) => {
      const producer = cold("abcd|", { a: 0, b: 1, c: 2, d: 3 })
      const consumer = () =>
        gen(function* () {
          const s = observableToStream(producer, { buffer: 2 })
          const got: number[] = []
          try {
            for (;;) {
              const x = yield* stream.next(s)
              if (x === Done) return got
              got.push(x)
              yield* sleep(10)
            }
          } catch (e) {
            return [...got, e instanceof BufferOverflow ? "overflow" : "other"]
          }
        })
      expectObservable(toObservable(consumer, { scheduler: ts })).toBe("30ms (r|)", { r: [0, 1, 2, "overflow"] })
    })
  })
})
