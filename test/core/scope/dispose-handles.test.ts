// `using` on every handle: leaving the block closes or cancels it, exactly like calling
// close()/cancel() — and does nothing to a handle that already finished.
import { describe, expect, it } from "vitest"
import {
  AsyncFd,
  ChannelClosed,
  Done,
  Pending,
  TimerFd,
  broadcast,
  disposeSymbol,
  asyncDisposeSymbol,
  gen,
  mpsc,
  oneshot,
  sleep,
  stream,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, contextOf, memoryPair } from "@pollable/core/testing"

describe("Symbol.dispose on handles", () => {
  it("disposeSymbol is Symbol.dispose where the runtime has it", () => {
    if (typeof Symbol.dispose === "symbol") expect(disposeSymbol).toBe(Symbol.dispose)
    if (typeof Symbol.asyncDispose === "symbol") expect(asyncDisposeSymbol).toBe(Symbol.asyncDispose)
  })
  it("JoinHandle: `using` cancels a running task and removes its timers", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    let h
    {
      using task = ex.spawn(sleep(100))
      h = task
      ex.runUntilStalled()
      expect(clock.pendingTimers).toBe(1)
    }
    expect(h.outcome?._tag).toBe("Interrupted")
    expect(clock.pendingTimers).toBe(0)
  })
  it("JoinHandle: disposing a finished task keeps its outcome", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    const h = ex.spawn(
      gen(function* () {
        return 5
      }),
    )
    ex.runUntilStalled()
    h[disposeSymbol]()
    expect(h.outcome).toEqual({ _tag: "Success", value: 5 })
  })
  it("AsyncFd: `using` closes it; a pending read fails with FdClosed", () => {
    const [a] = memoryPair()
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    let fd!: AsyncFd
    let read
    {
      using f = new AsyncFd(a)
      fd = f
      read = ex.spawn(f.read())
      ex.runUntilStalled()
      expect(read.outcome).toBeUndefined()
    }
    expect(fd.closed).toBe(true)
    ex.runUntilStalled()
    expect((read.outcome as { error: Error }).error.name).toBe("FdClosed")
  })
  it("TimerFd: `using` closes it and removes its timer entry", () => {
    const clock = new VirtualClock()
    {
      using tfd = new TimerFd(clock, { initialMs: 10 })
      tfd.onReadable(() => {})
      expect(clock.pendingTimers).toBe(1)
    }
    expect(clock.pendingTimers).toBe(0)
  })
  it("streams: `using` cancels the stream (an interval's timer is removed)", () => {
    const clock = new VirtualClock()
    {
      using ticks = stream.interval(10)
      expect(ticks.pollNext(contextOf(new CountingWaker(), clock))).toBe(Pending)
      expect(clock.pendingTimers).toBe(1)
    }
    expect(clock.pendingTimers).toBe(0)
  })
  it(
    "mpsc: disposing the sender closes the channel (the receiver drains, " +
      "then ends); disposing the receiver fails senders",
    () => {
      const [tx, rx] = mpsc<number>(4)
      {
        using t = tx
        expect(t.trySend(1)).toBe(true)
      }
      const cx = contextOf()
      expect(rx.pollNext(cx)).toBe(1)
      expect(rx.pollNext(cx)).toBe(Done)
      const [tx2, rx2] = mpsc<number>(1)
      {
        using _r = rx2
      }
      expect(() => tx2.trySend(1)).toThrow(ChannelClosed)
    },
  )
  it("broadcast: disposing the sender ends every receiver", () => {
    const [tx, rx] = broadcast<number>(2)
    {
      using _t = tx
    }
    expect(rx.pollNext(contextOf())).toBe(Done)
  })
  it(
    "oneshot: a sender disposed without sending fails the receiver; " + "a disposed receiver makes send return false",
    () => {
      const [tx, rx] = oneshot<number>()
      {
        using _t = tx
      }
      expect(() => rx.poll(contextOf())).toThrow(ChannelClosed)
      const [tx2, rx2] = oneshot<number>()
      {
        using _r = rx2
      }
      expect(tx2.send(1)).toBe(false)
    },
  )
})
