import { describe, expect, it } from "vitest"
import { gen, select } from "@pollable/core"
import { NativeExecutor, toPromise } from "@pollable/adapter-native"
import { faultLog, ThrowingTeardown, faultsPerTest, throwingFinally } from "../support/faults.js"
import { refuses } from "../support/refuses.js"

const cap = faultsPerTest({ host: true })
const host = cap

/** A turn of the host's macrotask queue: microtasks and `process.nextTick`s have run. */
const turn = () => new Promise<void>((r) => setImmediate(r))

describe("toPromise(f, { signal }) when f's teardown throws on abort", () => {
  it("rejects with the abort reason; no uncaught exception; the executor's onFault gets the error", async () => {
    const log = faultLog()
    const executor = new NativeExecutor({ onFault: log.onFault })
    const ac = new AbortController()
    const p = toPromise(throwingFinally(), { signal: ac.signal, executor })
    await turn()
    ac.abort(new Error("user left"))
    await expect(p).rejects.toThrow("user left")
    await turn()
    expect(host.uncaught).toEqual([])
    expect(host.unhandled).toEqual([])
    expect(log.faults.map((f) => (f.error as Error).message)).toEqual(["finally failed"])
  })

  it("with the default executor the process-wide reporter gets it, and the process goes on", async () => {
    const ac = new AbortController()
    const p = toPromise(new ThrowingTeardown(), { signal: ac.signal })
    await turn()
    ac.abort("stop")
    await expect(p).rejects.toBe("stop")
    await turn()
    expect(host.uncaught).toEqual([])
    expect(cap.faults).toHaveLength(1)
  })

  it("an already aborted signal: rejects with its reason, the throwing cancel is reported", async () => {
    const ac = new AbortController()
    ac.abort("early")
    await expect(toPromise(new ThrowingTeardown(), { signal: ac.signal })).rejects.toBe("early")
    expect(cap.faults).toHaveLength(1)
  })

  it("a select loser's teardown on the native executor: the winner's value", async () => {
    const log = faultLog()
    const executor = new NativeExecutor({ onFault: log.onFault })
    const v = await toPromise(
      select(
        gen(function* () {
          return 1
        }),
        new ThrowingTeardown(),
      ),
      { executor },
    )
    expect(v).toEqual({ index: 0, value: 1 })
    expect(log.faults).toHaveLength(1)
  })
})

describe("NativeExecutor options cannot break rule 5", () => {
  it("refuses a slice or budget no host could wait for", () => {
    refuses(() => new NativeExecutor({ slice: 1e300 }), "native executor({ slice })", /at most|from 0 to 100/)
    refuses(() => new NativeExecutor({ slice: 101 }), "native executor({ slice })")
    refuses(() => new NativeExecutor({ budget: 1e300 }), "native executor({ budget })", /65536/)
    refuses(() => new NativeExecutor({ onFault: "log" as never }), "native executor({ onFault })")
    expect(() => new NativeExecutor({ slice: 100, budget: 65_536 })).not.toThrow()
  })
})
