import { afterEach, describe, expect, it } from "vitest"
import {
  type Acquired,
  InvalidArgument,
  Pending,
  acquireRelease,
  gen,
  map,
  ready,
  setFaultReporter,
  sleep,
  type Pollable,
} from "@pollable/core"
import { CountingWaker, ManualExecutor, VirtualClock, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

class Conn {
  closed = 0
  constructor(readonly id: number) {}
  query(q: string): Pollable<string, Boom> {
    return map(sleep(5), () => `${this.id}:${q}`)
  }
}

const setup = () => {
  const clock = new VirtualClock()
  return { clock, ex: new ManualExecutor({ timer: clock }) }
}
const open = (id = 1) => map(sleep(1), () => new Conn(id))
const close = (c: Conn) => void c.closed++

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})
const captureFaults = () => {
  const faults: unknown[] = []
  const prev = setFaultReporter((e) => void faults.push(e))
  restore = () => void setFaultReporter(prev)
  return faults
}

describe("acquireRelease with `using` in gen: release exactly once", () => {
  it("on success", () => {
    const { ex } = setup()
    let conn: Conn | undefined
    const v = ex.blockOn(
      gen(function* () {
        using c = yield* acquireRelease(open(), close)
        conn = c.value
        return yield* c.value.query("q")
      }),
    )
    expect(v).toBe("1:q")
    expect(conn!.closed).toBe(1)
  })
  it("on failure", () => {
    const { ex } = setup()
    let conn: Conn | undefined
    const h = ex.spawn(
      gen(function* () {
        using c = yield* acquireRelease(open(), close)
        conn = c.value
        yield* sleep(1)
        throw new Boom()
      }),
    )
    ex.blockOn(sleep(10))
    expect((h.outcome as { error: unknown }).error).toBeInstanceOf(Boom)
    expect(conn!.closed).toBe(1)
  })
  it("on cancel while the resource is held", () => {
    const { clock, ex } = setup()
    let conn: Conn | undefined
    const h = ex.spawn(
      gen(function* () {
        using c = yield* acquireRelease(open(), close)
        conn = c.value
        return yield* c.value.query("slow")
      }),
    )
    clock.advance(3)
    expect(conn!.closed).toBe(0)
    h.cancel()
    expect(conn!.closed).toBe(1)
    expect(clock.pendingTimers).toBe(0)
  })
  it("cancel during the acquire cancels it and releases nothing", () => {
    const { ex } = setup()
    const acquire = new Probe<Conn, Boom>("connect")
    let released = 0
    const h = ex.spawn(
      gen(function* () {
        using _c = yield* acquireRelease(acquire, () => void released++)
        return 1
      }),
    )
    ex.runUntilStalled()
    h.cancel()
    expect(acquire.cancelled).toBe(true)
    expect(released).toBe(0)
  })
  it("a failed acquire releases nothing and fails with its error", () => {
    const { ex } = setup()
    let released = 0
    const h = ex.spawn(
      acquireRelease(
        gen(function* () {
          throw new Boom("refused")
        }),
        () => void released++,
      ),
    )
    ex.runUntilStalled()
    expect((h.outcome as { error: Boom }).error.message).toBe("refused")
    expect(released).toBe(0)
  })
  it("Acquired.release() is idempotent and also works through Symbol.dispose / asyncDispose", async () => {
    let n = 0
    const a = acquireRelease(ready(7), () => void n++).poll(contextOf()) as Acquired<number>
    expect(a.value).toBe(7)
    expect(a.held).toBe(true)
    a.release()
    a.release()
    a[Symbol.dispose]()
    await a[Symbol.asyncDispose]()
    expect(n).toBe(1)
    expect(a.held).toBe(false)
  })
})

describe("resource.use(body): release exactly once, outcome kept (rule 8)", () => {
  it("success: the body's value, released after it", () => {
    const { ex } = setup()
    const order: string[] = []
    const v = ex.blockOn(
      acquireRelease(open(), (c) => void order.push(`close ${c.id}`)).use((c) =>
        map(c.query("x"), (r) => (order.push("body done"), r)),
      ),
    )
    expect(v).toBe("1:x")
    expect(order).toEqual(["body done", "close 1"])
  })
  it("failure: the body's error, released", () => {
    const { ex } = setup()
    let conn: Conn | undefined
    const h = ex.spawn(
      acquireRelease(open(), close).use((c) => {
        conn = c
        return gen(function* () {
          throw new Boom("body")
        })
      }),
    )
    ex.runUntilStalled()
    ex.blockOn(sleep(5))
    expect((h.outcome as { error: Boom }).error.message).toBe("body")
    expect(conn!.closed).toBe(1)
  })
  it("cancel while the body runs: body cancelled, released once", () => {
    const { clock, ex } = setup()
    const body = new Probe<string, Boom>("body")
    let conn: Conn | undefined
    const h = ex.spawn(acquireRelease(open(), close).use((c) => ((conn = c), body)))
    clock.advance(1)
    expect(body.registered).toBe(true)
    h.cancel()
    h.cancel()
    expect(body.cancelled).toBe(true)
    expect(conn!.closed).toBe(1)
  })
  it("cancel during the acquire: acquire cancelled, body never runs, nothing released", () => {
    const acquire = new Probe<Conn, Boom>("connect")
    let bodyRan = false
    let released = 0
    const f = acquireRelease(acquire, () => void released++).use(() => ((bodyRan = true), ready(1)))
    expect(f.poll(contextOf(new CountingWaker()))).toBe(Pending)
    f.cancel()
    expect(acquire.cancelled).toBe(true)
    expect(bodyRan).toBe(false)
    expect(released).toBe(0)
  })
  it("a release that throws never replaces the outcome: it goes to the fault reporter", () => {
    const faults = captureFaults()
    const { ex } = setup()
    const bad = () => {
      throw new Error("close failed")
    }
    expect(ex.blockOn(acquireRelease(ready(1), bad).use((n) => ready(n + 1)))).toBe(2)
    const h = ex.spawn(
      acquireRelease(ready(1), bad).use(() =>
        gen(function* () {
          throw new Boom("kept")
        }),
      ),
    )
    ex.runUntilStalled()
    expect((h.outcome as { error: Boom }).error.message).toBe("kept")
    const c = ex.spawn(acquireRelease(ready(1), bad).use(() => sleep(10)))
    ex.runUntilStalled()
    c.cancel()
    expect(faults.map((e) => (e as Error).message)).toEqual(["close failed", "close failed", "close failed"])
  })
  it("leaves no timer behind, cancelled while held or after completing", () => {
    checkNoLeaks(() => acquireRelease(open(), close).use((c) => c.query("x")), 3)
    checkNoLeaks(() => acquireRelease(open(), close).use((c) => c.query("x")))
  })
})

describe("acquireRelease: bad input", () => {
  it("InvalidArgument for a non-future acquire, a non-function release or body", () => {
    expect(() => acquireRelease(42 as never, close)).toThrow(InvalidArgument)
    expect(() => acquireRelease(null as never, close)).toThrow(/acquire is null, not a future/)
    expect(() => acquireRelease(ready(1), "close" as never)).toThrow(/expected a function/)
    expect(() => acquireRelease(ready(1), () => {}).use(5 as never)).toThrow(/resource\.use\(body\)/)
  })
  it("a body returning a non-future fails with InvalidArgument and still releases", () => {
    let released = 0
    const f = acquireRelease(ready(1), () => void released++).use(() => 3 as never)
    expect(() => f.poll(contextOf())).toThrow(/body returned number, not a future/)
    expect(released).toBe(1)
  })
})
