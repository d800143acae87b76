import { describe, expect, it } from "vitest"
import { asapScheduler, Observable } from "rxjs"
import { TestScheduler } from "rxjs/testing"
import { pending, sleep, timeout, TimeoutError } from "@pollable/core"
import { firstValueFrom, fromObservable, RxjsExecutor, toObservable } from "@pollable/adapter-rxjs"
import { contextOf } from "@pollable/core/testing"
import { faultLog, faultsPerTest, throwingFinally } from "../support/faults.js"
import { refuses } from "../support/refuses.js"

const cap = faultsPerTest({ host: true })
const host = cap

const turn = () => new Promise<void>((r) => setImmediate(r))

describe("toObservable: unsubscribe when the future's teardown throws", () => {
  it("unsubscribe() does not throw; the executor's onFault gets the error; no uncaught exception", async () => {
    const log = faultLog()
    const executor = new RxjsExecutor(asapScheduler, { onFault: log.onFault })
    const seen: string[] = []
    const sub = toObservable(throwingFinally, { executor }).subscribe({
      next: () => seen.push("next"),
      error: () => seen.push("error"),
      complete: () => seen.push("complete"),
    })
    await turn()
    expect(() => sub.unsubscribe()).not.toThrow()
    await turn()
    expect(seen).toEqual([])
    expect(log.faults.map((f) => (f.error as Error).message)).toEqual(["finally failed"])
    expect(host.uncaught).toEqual([])
    expect(cap.faults).toEqual([])
  })
})

describe("RxjsExecutor host alarms for far deadlines", () => {
  it("timeout(f, 30 days) fails on time and never schedules a delay of 2^31 ms or more", () => {
    const days30 = 30 * 24 * 3600 * 1000
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    const delays: number[] = []
    const schedule = ts.schedule.bind(ts)
    ts.schedule = ((work: never, delay?: number, state?: never) => {
      delays.push(delay ?? 0)
      return schedule(work, delay, state)
    }) as typeof ts.schedule
    let failedAt = -1
    let err: unknown
    ts.run(() => {
      toObservable(() => timeout(pending<number>(), days30), { scheduler: ts }).subscribe({
        error: (e) => {
          failedAt = ts.now()
          err = e
        },
      })
    })
    expect(err).toBeInstanceOf(TimeoutError)
    expect(failedAt).toBe(days30)
    expect(Math.max(...delays)).toBeLessThan(2 ** 31 - 1)
  })

  it("sleep(40 days) ends on time on a TestScheduler", () => {
    const days40 = 40 * 24 * 3600 * 1000
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b))
    let doneAt = -1
    ts.run(() => {
      toObservable(() => sleep(days40), { scheduler: ts }).subscribe({ complete: () => (doneAt = ts.now()) })
    })
    expect(doneAt).toBe(days40)
  })
})

describe("RxjsExecutor options cannot break rule 5", () => {
  it("refuses a budget no host could wait for, and a non-function onFault", () => {
    refuses(() => new RxjsExecutor(asapScheduler, { budget: 1e300 }), undefined, /budget/, /65536/)
    refuses(() => new RxjsExecutor(asapScheduler, { onFault: {} as never }), undefined, /onFault/)
  })
})

describe("Observable teardowns that throw", () => {
  const neverWithThrowingTeardown = () =>
    new Observable<number>(() => () => {
      throw new Error("observable teardown failed")
    })

  it(
    "firstValueFrom(source, { signal }) + abort: " +
      "rejects with Interrupted carrying the reason; no uncaught exception",
    async () => {
      const ac = new AbortController()
      const p = firstValueFrom(neverWithThrowingTeardown(), { signal: ac.signal })
      ac.abort("user left")
      await expect(p).rejects.toThrow(/user left/)
      await turn()
      expect(host.uncaught).toEqual([])
      expect(cap.faults).toHaveLength(1)
    },
  )

  it("fromObservable: cancel() never throws; the fault is reported", async () => {
    const f = fromObservable(neverWithThrowingTeardown())
    f.poll(contextOf())
    expect(() => f.cancel()).not.toThrow()
    expect(cap.faults).toHaveLength(1)
  })
})
