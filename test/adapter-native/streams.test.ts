import { describe, expect, it } from "vitest"
import { Done, Pending, StreamBase, stream, type Context, type Poll } from "@pollable/core"
import {
  NativeExecutor,
  fromAsyncIterable,
  fromReadableStream,
  toAsyncIterable,
  toPromise,
  toReadableStream,
} from "@pollable/adapter-native"
import { macrotask } from "../support/runtime.js"

const ex = new NativeExecutor({ unref: true })

/** An endless stream 0, 1, 2, … that counts its polls and cancels; throws at `failAt`. */
class Counter extends StreamBase<number, Error> {
  polls = 0
  cancels = 0
  #n = 0
  constructor(
    readonly failAt = Infinity,
    readonly end = Infinity,
  ) {
    super()
  }
  get label() {
    return "counter"
  }
  protected step(_cx: Context): Poll<number | typeof Done> {
    this.polls++
    if (this.#n === this.failAt) throw new Error(`fail at ${this.failAt}`)
    if (this.#n === this.end) return Done
    return this.#n++
  }
  protected onCancel() {
    this.cancels++
  }
}

const tick = macrotask

describe("toAsyncIterable", () => {
  it("yields every item, then ends", async () => {
    const got: number[] = []
    for await (const v of toAsyncIterable(new Counter(Infinity, 3), { executor: ex })) got.push(v)
    expect(got).toEqual([0, 1, 2])
  })

  it("breaking out of for await cancels the stream, and it was polled only per item", async () => {
    const s = new Counter()
    const got: number[] = []
    for await (const v of toAsyncIterable(s, { executor: ex })) {
      got.push(v)
      if (v === 2) break
    }
    expect(got).toEqual([0, 1, 2])
    expect(s.cancels).toBe(1)
    expect(s.polls).toBe(3)
  })

  it("a stream failure is thrown from the loop", async () => {
    const got: number[] = []
    const run = async () => {
      for await (const v of toAsyncIterable(new Counter(2), { executor: ex })) got.push(v)
    }
    await expect(run()).rejects.toThrow("fail at 2")
    expect(got).toEqual([0, 1])
  })

  it("return() during a pending poll cancels it and the stream", async () => {
    let polled = 0
    const never = new (class extends StreamBase<number> {
      cancels = 0
      get label() {
        return "never"
      }
      protected step(): Poll<number> {
        polled++
        return Pending
      }
      protected onCancel() {
        this.cancels++
      }
    })()
    const it = toAsyncIterable(never, { executor: ex })
    const p = it.next()
    await tick()
    expect(polled).toBe(1)
    await it.return!()
    expect(await p).toEqual({ done: true, value: undefined })
    expect(never.cancels).toBe(1)
  })
})

describe("fromAsyncIterable", () => {
  it("pulls an async generator item by item and runs its finally on cancel", async () => {
    let finalized = false
    async function* gen() {
      try {
        for (let i = 0; ; i++) yield i
      } finally {
        finalized = true
      }
    }
    expect(await toPromise(stream.collect(stream.take(fromAsyncIterable(gen()), 4)), { executor: ex })).toEqual([
      0, 1, 2, 3,
    ])
    await tick()
    expect(finalized).toBe(true)
  })
})

describe("WHATWG ReadableStream", () => {
  it("toReadableStream polls only when the reader reads (backpressure)", async () => {
    const s = new Counter()
    const rs = toReadableStream(s, { executor: ex })
    await tick()
    expect(s.polls).toBe(0)
    const reader = rs.getReader()
    expect(await reader.read()).toEqual({ done: false, value: 0 })
    await tick()
    expect(s.polls).toBe(1)
    expect(await reader.read()).toEqual({ done: false, value: 1 })
    expect(s.polls).toBe(2)
    await reader.cancel("bye")
    expect(s.cancels).toBe(1)
  })

  it("toReadableStream closes on Done and errors on a throw", async () => {
    const chunks: number[] = []
    for await (const c of toReadableStream(new Counter(Infinity, 2), {
      executor: ex,
    }) as unknown as AsyncIterable<number>)
      chunks.push(c)
    expect(chunks).toEqual([0, 1])
    const reader = toReadableStream(new Counter(0), { executor: ex }).getReader()
    await expect(reader.read()).rejects.toThrow("fail at 0")
  })

  it("fromReadableStream reads one chunk per needed item and cancels the source on cancel", async () => {
    let pulls = 0
    let cancelReason: unknown
    const rs = new ReadableStream<number>(
      {
        pull(c) {
          c.enqueue(pulls++)
        },
        cancel(reason) {
          cancelReason = reason
        },
      },
      { highWaterMark: 0 },
    )
    const s = fromReadableStream(rs)
    await tick()
    expect(pulls).toBe(0) // lazy
    expect(await toPromise(stream.collect(stream.take(s, 3)), { executor: ex })).toEqual([0, 1, 2])
    expect(pulls).toBeLessThanOrEqual(4)
    expect(String(cancelReason)).toMatch(/Interrupted/)
  })

  it("fromReadableStream ends on close and fails on error", async () => {
    const closed = new ReadableStream<string>({
      start(c) {
        c.enqueue("a")
        c.enqueue("b")
        c.close()
      },
    })
    expect(await toPromise(stream.collect(fromReadableStream(closed)), { executor: ex })).toEqual(["a", "b"])
    const broken = new ReadableStream<string>({
      start(c) {
        c.error(new Error("broken"))
      },
    })
    await expect(toPromise(stream.collect(fromReadableStream(broken)), { executor: ex })).rejects.toThrow("broken")
  })

  it("round trip: fromReadableStream(toReadableStream(s)) keeps the items", async () => {
    const back = fromReadableStream(toReadableStream(new Counter(Infinity, 5), { executor: ex }))
    expect(await toPromise(stream.collect(back), { executor: ex })).toEqual([0, 1, 2, 3, 4])
  })
})
