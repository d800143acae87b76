import { describe, expect, it } from "vitest"
import { Done, InvalidArgument, Pending, gen, map, mpsc, send, sinkFromFn, sleep, stream } from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Source } from "../stream/stream-helpers.js"
import { Boom } from "../../support/probe.js"

describe("Sink: sinkFromFn, send, stream.forward", () => {
  it("forward moves every item with backpressure from the sink, then closes it", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const [tx, rx] = mpsc<number>(2)
    const sink = sinkFromFn(
      (n: number) => tx.send(n),
      () => tx.close(),
    )
    const producer = ex.spawn(stream.forward(stream.fromIterable([1, 2, 3, 4, 5]), sink))
    ex.runUntilStalled()
    expect(rx.length).toBe(2) // the channel is full: forward waits
    expect(producer.outcome).toBeUndefined()
    const got = ex.blockOn(
      gen(function* () {
        const out: number[] = []
        for (let x; (x = yield* rx.next()) !== Done; ) {
          out.push(x)
          yield* sleep(1)
        }
        return out
      }),
    )
    expect(got).toEqual([1, 2, 3, 4, 5])
    expect(producer.outcome?._tag).toBe("Success")
    expect(tx.isClosed).toBe(true)
  })
  it("send(sink, value) waits for the in-flight send, then sends and flushes", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const written: number[] = []
    const sink = sinkFromFn((n: number) => map(sleep(10), () => void written.push(n)))
    ex.blockOn(
      gen(function* () {
        yield* send(sink, 1)
        yield* send(sink, 2)
      }),
    )
    expect(written).toEqual([1, 2])
    expect(clock.now()).toBe(20)
  })
  it("a failing send fails forward and cancels the source", () => {
    const ex = new ManualExecutor()
    const src = new Source<number>()
    src.push(1, 2)
    const sink = sinkFromFn((n: number) =>
      n === 2
        ? gen(function* () {
            throw new Boom("write")
          })
        : gen(function* () {}),
    )
    const h = ex.spawn(stream.forward(src, sink))
    ex.runUntilStalled()
    expect((h.outcome as { error?: Error }).error?.message).toBe("write")
    expect(src.cancels).toBe(1)
  })
  it("a failing source fails forward; the sink is not closed", () => {
    const ex = new ManualExecutor()
    const src = new Source<number>()
    let closed = false
    const h = ex.spawn(
      stream.forward(
        src,
        sinkFromFn(
          () => gen(function* () {}),
          () => void (closed = true),
        ),
      ),
    )
    ex.runUntilStalled()
    src.fail(new Boom())
    ex.runUntilStalled()
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(Boom)
    expect(closed).toBe(false)
  })
  it("cancel: forward cancels its source and leaves no timer", () => {
    const src = new Source<number>()
    const f = stream.forward(
      src,
      sinkFromFn(() => gen(function* () {})),
    )
    expect(f.poll(contextOf(new CountingWaker()))).toBe(Pending)
    f.cancel()
    expect(src.cancels).toBe(1)
    checkNoLeaks(
      () =>
        stream.forward(
          stream.interval(5),
          sinkFromFn(() => sleep(3)),
        ),
      12,
    )
  })
  it("bad input: InvalidArgument", () => {
    expect(() => sinkFromFn(1 as never)).toThrow(InvalidArgument)
    expect(() => sinkFromFn(() => sleep(1), 2 as never)).toThrow(InvalidArgument)
    expect(() => send({} as never, 1)).toThrow(/expected a Sink/)
    expect(() => stream.forward(stream.fromIterable([1]), null as never)).toThrow(/stream\.forward.*expected a Sink/)
    const s = sinkFromFn(() => sleep(1))
    expect(() => s.startSend(1)).toThrow(/before pollReady/)
    const bad = sinkFromFn(() => 5 as never)
    bad.pollReady(contextOf())
    expect(() => bad.startSend(1)).toThrow(/send returned number, not a future/)
  })
})
