// The lifecycle constants are what a FutureBase / StreamBase subclass outside core (an adapter)
// compares its protected `state` with: these tests pin that each one names the state the base
// class really is in, and that the three are told apart.
import { describe, expect, it } from "vitest"
import {
  CANCELLED,
  COMPLETED,
  Done,
  FutureBase,
  type LifeState,
  Pending,
  type Poll,
  RUNNING,
  StreamBase,
} from "@pollable/core"
import { noopWaker } from "@pollable/core/testing"

const cx = { waker: noopWaker }

/** A future whose next poll result is set by the test, and which shows its `state`. */
class Probe extends FutureBase<number, Error> {
  produce: () => Poll<number> = () => Pending
  get label(): string {
    return "probe"
  }
  get life(): LifeState {
    return this.state
  }
  protected step(): Poll<number> {
    return this.produce()
  }
  protected onCancel(): void {}
}

/** A stream whose next item is set by the test, and which shows its `state`. */
class StreamProbe extends StreamBase<number, Error> {
  produce: () => Poll<number | typeof Done> = () => Pending
  get label(): string {
    return "stream probe"
  }
  get life(): LifeState {
    return this.state
  }
  protected step(): Poll<number | typeof Done> {
    return this.produce()
  }
  protected onCancel(): void {}
}

describe("FutureBase lifecycle constants", () => {
  it("are three distinct values", () => {
    expect(new Set([RUNNING, COMPLETED, CANCELLED]).size).toBe(3)
  })

  it("a new future and a pending one are RUNNING", () => {
    const f = new Probe()
    expect(f.life).toBe(RUNNING)
    expect(f.poll(cx)).toBe(Pending)
    expect(f.life).toBe(RUNNING)
    expect(f.terminated).toBe(false)
  })

  it("a future that returned a value is COMPLETED", () => {
    const f = new Probe()
    f.produce = () => 7
    expect(f.poll(cx)).toBe(7)
    expect(f.life).toBe(COMPLETED)
  })

  it("a future whose step threw is COMPLETED", () => {
    const f = new Probe()
    f.produce = () => {
      throw new Error("boom")
    }
    expect(() => f.poll(cx)).toThrow("boom")
    expect(f.life).toBe(COMPLETED)
  })

  it("a cancelled future is CANCELLED, and a cancel after completion leaves it COMPLETED", () => {
    const pending = new Probe()
    pending.poll(cx)
    pending.cancel()
    expect(pending.life).toBe(CANCELLED)

    const done = new Probe()
    done.produce = () => 1
    done.poll(cx)
    done.cancel()
    expect(done.life).toBe(COMPLETED)
  })
})

describe("StreamBase lifecycle constants", () => {
  it("a stream is RUNNING while it yields items, COMPLETED after Done", () => {
    const s = new StreamProbe()
    expect(s.life).toBe(RUNNING)
    s.produce = () => 1
    expect(s.pollNext(cx)).toBe(1)
    expect(s.life).toBe(RUNNING)
    s.produce = () => Done
    expect(s.pollNext(cx)).toBe(Done)
    expect(s.life).toBe(COMPLETED)
  })

  it("a cancelled stream is CANCELLED", () => {
    const s = new StreamProbe()
    s.cancel()
    expect(s.life).toBe(CANCELLED)
  })
})
