// Ports of the Rust async book's examples: the FutSocket future (a socket future woken by a readable
// callback) and the timerfd timer consumed through readiness (AsyncSleep / SecondTimer),
// each run on all four executors.
import * as net from "node:net"
import { describe, expect, it } from "vitest"
import {
  AsyncFd,
  expirations,
  gen,
  join,
  Pending,
  TimerFd,
  timerFdSleep,
  WouldBlock,
  type Context,
  type Future,
  type Timer,
  type Waker,
} from "@pollable/core"
import { checkNoLeaks, ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { executors } from "./executors.js"

/**
 * The seed's `MySocket`: data (a random i32) "arrives" `delayMs` after creation. Here the
 * arrival is a timer entry on the executor's clock; `setReadableCallback` is how the
 * socket tells a future it may read now.
 */
class MySocket {
  #data: number | undefined
  #callback: Waker | undefined
  constructor(timer: Timer, delayMs: number, value: number) {
    timer.schedule(timer.now() + delayMs, {
      wake: () => {
        this.#data = value
        const cb = this.#callback
        this.#callback = undefined
        cb?.wake()
      },
    })
  }
  hasDataToRead(): boolean {
    return this.#data !== undefined
  }
  readData(): number {
    return this.#data!
  }
  setReadableCallback(waker: Waker | undefined): void {
    this.#callback = waker
  }
}

/** The seed's `FutSocket`: poll = read if readable, else register the waker and return Pending. */
class FutSocket implements Future<number> {
  #socket: MySocket | undefined
  constructor(
    readonly delayMs: number,
    readonly value: number,
  ) {}
  poll(cx: Context) {
    this.#socket ??= new MySocket(cx.timer!, this.delayMs, this.value) // lazy: starts at the first poll
    if (this.#socket.hasDataToRead()) return this.#socket.readData()
    this.#socket.setReadableCallback(cx.waker)
    return Pending
  }
  cancel() {
    this.#socket?.setReadableCallback(undefined)
  }
}

/** FutSocket over a real `net.Socket`: readable callback = the socket's `'readable'` event. */
class NetFutSocket implements Future<string> {
  #off: (() => void) | undefined
  constructor(readonly socket: net.Socket) {}
  poll(cx: Context) {
    this.#off?.()
    const chunk = this.socket.read() as Buffer | null
    if (chunk !== null) return chunk.toString()
    const wake = () => cx.waker.wake()
    this.socket.once("readable", wake)
    this.#off = () => this.socket.off("readable", wake)
    return Pending
  }
  cancel() {
    this.#off?.()
  }
}

describe.each(executors)("seed ports on the $name executor", ({ make }) => {
  it("FutSocket: two sockets awaited together finish together (get_2_num_async)", async () => {
    const ex = make()
    const t0 = ex.timer.now()
    const [a, b] = await ex.spawn(join(new FutSocket(30, 7), new FutSocket(30, 11)))
    expect([a, b]).toEqual([7, 11])
    expect(ex.timer.now() - t0).toBeGreaterThanOrEqual(29) // both waited on one clock, concurrently
  })

  it("FutSocket over a loopback net.Socket woken by 'readable'", async () => {
    const server = net.createServer((s) => s.end("from the server"))
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const sock = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1")
    try {
      expect(await make().spawn(new NetFutSocket(sock))).toBe("from the server")
    } finally {
      sock.destroy()
      await new Promise((r) => server.close(r))
    }
  })

  it("timerfd: AsyncSleep via an AsyncFd that becomes readable", async () => {
    const ex = make()
    const t0 = ex.timer.now()
    await ex.spawn(timerFdSleep(20))
    expect(ex.timer.now() - t0).toBeGreaterThanOrEqual(19)
  })

  it("timerfd: a periodic SecondTimer read through readiness counts expirations", async () => {
    const ex = make()
    const counts = await ex.spawn(
      gen(function* () {
        const fd = new AsyncFd(new TimerFd(ex.timer, { initialMs: 5, intervalMs: 5 }))
        const seen: number[] = []
        try {
          while (seen.length < 3) {
            const g = yield* fd.readable()
            const r = g.tryIo((s) => s.tryRead())
            if (r !== WouldBlock) seen.push(expirations(r))
          }
        } finally {
          fd.close()
        }
        return seen
      }),
    )
    expect(counts.length).toBe(3)
    expect(counts.every((n) => n >= 1)).toBe(true)
  })
})

describe("seed ports on virtual time", () => {
  it("timerfd periodic reads are exact on a VirtualClock; missed ticks are counted", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const fd = new AsyncFd(new TimerFd(clock, { initialMs: 1000, intervalMs: 1000 }))
    const seen: [number, number][] = []
    const h = ex.spawn(
      gen(function* () {
        while (seen.length < 3) {
          const g = yield* fd.readable()
          const r = g.tryIo((s) => s.tryRead())
          if (r !== WouldBlock) seen.push([clock.now(), expirations(r)])
        }
      }),
    )
    clock.advance(3000)
    expect(h.outcome?._tag).toBe("Success")
    expect(seen).toEqual([
      [1000, 1],
      [2000, 1],
      [3000, 1],
    ])
    clock.advance(3500) // nobody reads: ticks at 4000, 5000, 6000 are counted by the next read
    const r = fd.tryRead()
    expect(r !== WouldBlock && expirations(r)).toBe(3)
    expect(fd.tryRead()).toBe(WouldBlock)
    fd.close()
    expect(clock.pendingTimers).toBe(0)
  })

  it("cancelling a timerfd sleep leaves no timer behind", () => {
    expect(checkNoLeaks(() => timerFdSleep(1000), 10)).toMatchObject({ timers: 0, strayWakes: 0 })
  })
})
