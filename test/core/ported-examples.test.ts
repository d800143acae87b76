/**
 * Ports of the Rust async book's examples: AsyncSleep (shared state + waker, woken from a
 * timer callback), the toy executor whose wake() puts the task back on the ready list, the
 * fake socket future, and join/select of two timers.
 */
import { describe, expect, it } from "vitest"
import {
  LocalExecutor,
  Pending,
  TimerQueue,
  fromCallback,
  gen,
  hostClock,
  join,
  map,
  select,
  sleep,
  wrap,
  type Context,
  type Future,
  type Poll,
  type Timer,
  type Waker,
} from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"

/**
 * The "thread that sleeps then flips `completed`" of seed 001: a callback run by a timer
 * after `ms`. Returns a function that stops it (the Rust thread cannot be stopped; we can).
 */
const startTimerThread = (timer: Timer, ms: number, onDone: () => void): (() => void) => {
  const entry = timer.schedule(timer.now() + ms, { wake: onDone })
  return () => entry.cancel()
}

/** seed 001's `SharedState { completed, waker }` */
interface SharedState {
  completed: boolean
  waker: Waker | undefined
}

/**
 * seed 001's `AsyncSleep`, hand-written like EXAMPLES.md §6: poll checks the shared state,
 * stores the latest waker and returns Pending; the timer callback sets `completed` and
 * wakes. Unlike the Rust original it starts at the first poll (rule 7) and can be cancelled (rule 4).
 */
class AsyncSleep implements Future<void, never> {
  readonly #state: SharedState = { completed: false, waker: undefined }
  #stop: (() => void) | undefined
  #started = false
  constructor(readonly ms: number) {}
  poll(cx: Context): Poll<void> {
    const s = this.#state
    if (!this.#started) {
      this.#started = true
      this.#stop = startTimerThread(cx.timer!, this.ms, () => {
        s.completed = true
        const w = s.waker
        s.waker = undefined
        w?.wake()
      })
    }
    if (s.completed) return undefined
    s.waker = cx.waker // only the most recent waker matters (rule 1)
    return Pending
  }
  cancel(): void {
    this.#stop?.()
    this.#state.waker = undefined
  }
}

/** The same AsyncSleep through the fromCallback bridge. */
const asyncSleep = (timer: Timer, ms: number) =>
  fromCallback<void, never>((done) => startTimerThread(timer, ms, () => done()))

describe("seed 001: AsyncSleep (shared state + waker, woken from a timer callback)", () => {
  it("hand-written class: completes after its time on a virtual clock, and composes with gen via wrap", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(
      gen(function* () {
        yield* wrap(new AsyncSleep(20))
        yield* wrap(new AsyncSleep(30))
        return clock.now()
      }),
    )
    clock.advance(49)
    expect(h.outcome).toBeUndefined()
    clock.advance(1)
    expect(h.outcome).toEqual({ _tag: "Success", value: 50 })
  })

  it("hand-written class: cancel stops the timer thread", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(new AsyncSleep(20))
    ex.runUntilStalled()
    expect(clock.pendingTimers).toBe(1)
    h.cancel()
    expect(clock.pendingTimers).toBe(0)
    clock.runAll()
    expect(ex.strayWakes).toBe(0)
  })

  it("fromCallback port: same behaviour, cleanup on cancel", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const done = ex.spawn(map(asyncSleep(clock, 15), () => clock.now()))
    const cut = ex.spawn(asyncSleep(clock, 100))
    clock.advance(15)
    expect(done.outcome).toEqual({ _tag: "Success", value: 15 })
    cut.cancel()
    expect(clock.pendingTimers).toBe(0)
  })

  it("runs on real time with the host clock", async () => {
    const timer = new TimerQueue(hostClock())
    const ex = new LocalExecutor({ timer })
    await expect(ex.spawn(join(new AsyncSleep(2), asyncSleep(timer, 1)))).resolves.toEqual([undefined, undefined])
    expect(timer.size).toBe(0)
  })
})

/**
 * seed 002's toy executor (`run2`): a list of futures that can make progress; each
 * future's wake() pushes it back onto the list. Polls until every future is done.
 */
function toyRun<T>(futs: Future<T, unknown>[], timer?: VirtualClock): { results: T[]; polls: number } {
  const results = new Array<T>(futs.length)
  const done = new Array<boolean>(futs.length).fill(false)
  const canMakeProgress: number[] = futs.map((_, i) => i)
  let polls = 0
  const wakers = futs.map((_, i): Waker => ({ wake: () => void canMakeProgress.push(i) }))
  while (done.some((d) => !d)) {
    let i: number | undefined
    while ((i = canMakeProgress.pop()) !== undefined) {
      if (done[i]) continue
      polls++
      const r = futs[i]!.poll(timer === undefined ? { waker: wakers[i]! } : { waker: wakers[i]!, timer })
      if (r !== Pending) {
        results[i] = r as T
        done[i] = true
      }
    }
    if (done.some((d) => !d)) {
      if (timer === undefined || timer.pendingTimers === 0) throw new Error("toy executor: stuck")
      timer.advanceTo(timer.nextDeadline)
    }
  }
  return { results, polls }
}

/** seed 002's MySocket: data arrives after a delay; `setReadableCallback` registers a waker. */
class MySocket {
  #data: number | undefined
  #callback: Waker | undefined
  constructor(timer: Timer, ms: number, value: number) {
    startTimerThread(timer, ms, () => {
      this.#data = value
      this.#callback?.wake()
    })
  }
  hasDataToRead(): boolean {
    return this.#data !== undefined
  }
  readData(): number {
    return this.#data!
  }
  setReadableCallback(waker: Waker): void {
    this.#callback = waker
  }
}

/** seed 002's FutSocket. */
class FutSocket implements Future<number, never> {
  constructor(readonly inner: MySocket) {}
  poll(cx: Context): Poll<number> {
    if (this.inner.hasDataToRead()) return this.inner.readData()
    this.inner.setReadableCallback(cx.waker)
    return Pending
  }
  cancel(): void {}
}

describe("seed 002: the toy executor (wake puts the task back on the ready list) vs the reference executor", () => {
  const scenario = (clock: VirtualClock): Future<number, unknown>[] => [
    new FutSocket(new MySocket(clock, 2000, 7)),
    new FutSocket(new MySocket(clock, 2000, 8)),
    map(join(sleep(5), sleep(10)), () => 3),
    gen(function* () {
      yield* sleep(1)
      const s = yield* select(
        sleep(100),
        map(sleep(1), () => 4),
      )
      return s.value as number
    }),
  ]

  it("both run the same futures to the same results, in the same virtual time", () => {
    const toyClock = new VirtualClock()
    const toy = toyRun(scenario(toyClock), toyClock)
    expect(toy.results).toEqual([7, 8, 3, 4])
    expect(toyClock.now()).toBe(2000) // both sockets in parallel: 2 s, not 4 s

    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const hs = scenario(clock).map((f) => ex.spawn(f))
    clock.runAll()
    expect(hs.map((h) => h.outcome)).toEqual(toy.results.map((value) => ({ _tag: "Success", value })))
    expect(clock.now()).toBe(2000)
  })

  it("the reference executor polls no more often than the toy one (wakes are coalesced)", () => {
    const toyClock = new VirtualClock()
    const futs = scenario(toyClock)
    // the first socket's poll wakes its task 5 times on its first poll: the toy ready list
    // gets 5 entries (5 polls), the reference queue coalesces them into one
    const noisyOnce = (f: Future<number, unknown>, onPoll: () => void = () => {}): Future<number, unknown> => {
      let first = true
      return {
        poll: (cx) => {
          onPoll()
          if (first) for (let i = 0; i < 5; i++) cx.waker.wake()
          first = false
          return f.poll(cx)
        },
        cancel: () => f.cancel(),
      }
    }
    let toyPolls = 0
    const toy = toyRun([noisyOnce(futs[0]!, () => toyPolls++), ...futs.slice(1)], toyClock)
    expect(toy.results).toEqual([7, 8, 3, 4])

    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    let refPolls = 0
    const refFuts = scenario(clock)
    ex.spawn(noisyOnce(refFuts[0]!, () => refPolls++))
    refFuts.slice(1).forEach((f) => ex.spawn(f))
    clock.runAll()
    expect(toyPolls).toBe(7) // first poll + 5 queued wakes + the socket's readable wake
    expect(refPolls).toBe(3) // first poll + 1 coalesced wake + the socket's readable wake
  })
})

describe("seeds: join / select of two timers on VirtualClock", () => {
  it.each([
    [30, 70],
    [70, 30],
    [50, 50],
  ])("join(sleep(%i), sleep(%i)) finishes at the max", (a, b) => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    ex.blockOn(join(sleep(a), sleep(b)))
    expect(clock.now()).toBe(Math.max(a, b))
    expect(clock.pendingTimers).toBe(0)
  })
  it.each([
    [30, 70, 0],
    [70, 30, 1],
    [50, 50, 0],
  ])("select(sleep(%i), sleep(%i)) finishes at the min; winner %i", (a, b, winner) => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const r = ex.blockOn(select(sleep(a), sleep(b)))
    expect(r.index).toBe(winner)
    expect(clock.now()).toBe(Math.min(a, b))
    expect(clock.pendingTimers).toBe(0) // the loser's timer was cancelled
  })
})
