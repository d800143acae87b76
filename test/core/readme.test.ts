/** The examples of packages/core/README.md, run as tests (keep them in sync). */
import { describe, expect, it } from "vitest"
import {
  LocalExecutor,
  Pending,
  TimeoutError,
  TimerQueue,
  fromCallback,
  gen,
  hostClock,
  join,
  map,
  ready,
  sleep,
  timeout,
  wrap,
  type Context,
  type Future,
  type Poll,
  type Timer,
  type TimerEntry,
  type Waker,
} from "@pollable/core"
import { ManualExecutor, VirtualClock, checkNoLeaks } from "@pollable/core/testing"

class AsyncSleep implements Future<void, never> {
  #done = false
  #waker: Waker | undefined
  #entry: TimerEntry | undefined
  constructor(readonly ms: number) {}

  poll(cx: Context): Poll<void> {
    if (this.#entry === undefined) {
      const timer: Timer = cx.timer!
      this.#entry = timer.schedule(timer.now() + this.ms, {
        wake: () => {
          this.#done = true
          this.#waker?.wake()
        },
      })
    }
    if (this.#done) return undefined
    this.#waker = cx.waker
    return Pending
  }
  cancel(): void {
    this.#entry?.cancel()
    this.#waker = undefined
  }
}

const after = (ms: number) =>
  fromCallback<void>((done) => {
    const t = setTimeout(done, ms)
    return () => clearTimeout(t)
  })

describe("packages/core/README.md examples", () => {
  it("a hand-written future: AsyncSleep", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(
      gen(function* () {
        yield* wrap(new AsyncSleep(10))
        return clock.now()
      }),
    )
    clock.advance(10)
    expect(h.outcome).toEqual({ _tag: "Success", value: 10 })
    const cut = ex.spawn(new AsyncSleep(10))
    ex.runUntilStalled()
    cut.cancel()
    expect(clock.pendingTimers).toBe(0)
  })

  it("fromCallback over setTimeout", async () => {
    const ex = new LocalExecutor({ timer: new TimerQueue(hostClock()) })
    await expect(ex.spawn(after(1))).resolves.toBeUndefined()
    const h = ex.spawn(after(60_000))
    await new Promise((r) => setTimeout(r, 0))
    h.cancel() // clears the host timer: the test process is not kept alive
    await expect(h).rejects.toThrow(expect.objectContaining({ name: "Interrupted" }))
  })

  it("gen pipeline: values, try/catch of TimeoutError, finally", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    let released = 0
    const fetchA = () => map(sleep(5), () => "a")
    const fetchB = () => ready(2)
    const fetchC = (ms: number) => map(sleep(ms), () => "c")
    const pipeline = (cMs: number) =>
      gen(function* () {
        yield* sleep(10)
        const [a, b] = yield* join(fetchA(), fetchB())
        try {
          return a + (yield* timeout(fetchC(b * cMs), 1_000))
        } catch (e) {
          if (e instanceof TimeoutError) return a
          throw e
        } finally {
          released++
        }
      })
    expect(ex.blockOn(pipeline(1))).toBe("ac")
    expect(ex.blockOn(pipeline(10_000))).toBe("a")
    const h = ex.spawn(pipeline(100))
    clock.advance(15) // inside the try, waiting on timeout(fetchC)
    expect(released).toBe(2)
    h.cancel()
    expect(released).toBe(3) // finally ran on cancel
    expect(clock.pendingTimers).toBe(0)
  })

  it("running futures on LocalExecutor", async () => {
    const ex = new LocalExecutor({ timer: new TimerQueue(hostClock()) })
    const handle = ex.spawn(
      gen(function* () {
        yield* sleep(1)
        return 42
      }),
    )
    expect(await handle).toBe(42)
    expect(handle.outcome).toEqual({ _tag: "Success", value: 42 })
  })

  it("the testing kit", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const h = ex.spawn(
      timeout(
        map(sleep(100), () => "late"),
        50,
      ),
    )
    clock.advance(50)
    expect(h.outcome?._tag).toBe("Failure")
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError)
    expect(clock.pendingTimers).toBe(0)
    ex.blockOn(join(sleep(5), sleep(7)))
    expect(clock.now()).toBe(50 + 7)
    expect(checkNoLeaks(() => join(sleep(10), sleep(20)), 15).timers).toBe(0)
  })
})
