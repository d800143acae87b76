import { describe, expect, it } from "vitest"
import { EMPTY, Subject, defer, finalize, interval, NEVER, of, range, throwError, timer } from "rxjs"
import { TestScheduler } from "rxjs/testing"
import { Interrupted, InvalidArgument, Pending, gen, map, select, sleep, timeout, TimeoutError } from "@pollable/core"
import { ManualExecutor, VirtualClock, checkNoLeaks, contextOf, CountingWaker } from "@pollable/core/testing"
import {
  EmptyObservableError,
  RxjsExecutor,
  firstValueFrom,
  fromObservable,
  lastValueFrom,
  toObservable,
} from "@pollable/adapter-rxjs"

const run = <T>(f: import("@pollable/core").Future<T, unknown>) => {
  const ex = new ManualExecutor()
  const h = ex.spawn(f)
  ex.runUntilStalled()
  return h
}

describe("fromObservable", () => {
  it("modes: last (default), first, toArray", () => {
    expect(run(fromObservable(of(1, 2, 3))).outcome).toEqual({ _tag: "Success", value: 3 })
    expect(run(fromObservable(of(1, 2, 3), { mode: "first" })).outcome).toEqual({ _tag: "Success", value: 1 })
    expect(run(fromObservable(of(1, 2, 3), { mode: "toArray" })).outcome).toEqual({ _tag: "Success", value: [1, 2, 3] })
    expect(run(fromObservable(EMPTY, { mode: "toArray" })).outcome).toEqual({ _tag: "Success", value: [] })
  })

  it("empty completion: EmptyObservableError, or the default", () => {
    const o = run(fromObservable(EMPTY, { mode: "first" })).outcome
    expect(o?._tag === "Failure" && o.error).toBeInstanceOf(EmptyObservableError)
    expect(o?._tag === "Failure" && (o.error as Error).message).toMatch(/fromObservable\(mode: "first"\).*default/)
    expect(run(fromObservable(EMPTY, { default: "d" })).outcome).toEqual({ _tag: "Success", value: "d" })
    expect(run(fromObservable(EMPTY, { mode: "first", default: undefined })).outcome).toEqual({
      _tag: "Success",
      value: undefined,
    })
  })

  it("an Observable error is the future's failure, unchanged", () => {
    const boom = new Error("boom")
    expect(run(fromObservable(throwError(() => boom))).outcome).toEqual({ _tag: "Failure", error: boom })
  })

  it("is lazy (subscribes at the first poll) and wakes only the latest waker", () => {
    const subj = new Subject<number>()
    const f = fromObservable(subj, { mode: "first" })
    expect(subj.observed).toBe(false)
    const w1 = new CountingWaker()
    const w2 = new CountingWaker()
    expect(f.poll(contextOf(w1))).toBe(Pending)
    expect(subj.observed).toBe(true)
    expect(f.poll(contextOf(w2))).toBe(Pending)
    subj.next(7)
    expect([w1.count, w2.count]).toEqual([0, 1])
    expect(subj.observed).toBe(false) // first: unsubscribed after the first value
    expect(f.poll(contextOf(w2))).toBe(7)
  })

  it("first unsubscribes a synchronous infinite source", () => {
    let n = 0
    const counting = defer(() => range(0, Number.MAX_SAFE_INTEGER)).pipe(finalize(() => n++))
    expect(run(fromObservable(counting, { mode: "first" })).outcome).toEqual({ _tag: "Success", value: 0 })
    expect(n).toBe(1)
  })

  it("cancel unsubscribes, and leaves no timer or stray wake (checkNoLeaks)", () => {
    const subj = new Subject<number>()
    const ex = new ManualExecutor()
    const h = ex.spawn(fromObservable(subj))
    ex.runUntilStalled()
    expect(subj.observed).toBe(true)
    h.cancel()
    expect(subj.observed).toBe(false)
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    checkNoLeaks(() => fromObservable(interval(5)), 12)
    checkNoLeaks(() => select(fromObservable(NEVER), sleep(5)))
  })

  it("timeout around fromObservable cancels (unsubscribes) the loser", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const subj = new Subject<number>()
    const h = ex.spawn(timeout(fromObservable(subj), 10))
    ex.runUntilStalled()
    clock.advance(10)
    expect(h.outcome?._tag === "Failure" && h.outcome.error).toBeInstanceOf(TimeoutError)
    expect(subj.observed).toBe(false)
  })

  it("accepts any ObservableInput and rejects anything else at call time", async () => {
    expect(await new RxjsExecutor().spawn(fromObservable(Promise.resolve(5)))).toBe(5)
    expect(run(fromObservable([1, 2], { mode: "toArray" })).outcome).toEqual({ _tag: "Success", value: [1, 2] })
    expect(() => fromObservable(42 as never)).toThrow(InvalidArgument)
    expect(() => fromObservable(42 as never)).toThrow(
      /fromObservable\(source\): expected an ObservableInput .*got a number \(42\); pass an Observable/,
    )
    expect(() => fromObservable(42 as never)).toThrow(
      /got a number \(42\); pass an Observable, or wrap your value: of\(value\)/,
    )
  })
})

describe("firstValueFrom / lastValueFrom with an AbortSignal", () => {
  it("resolve like RxJS's", async () => {
    expect(await firstValueFrom(of(1, 2))).toBe(1)
    expect(await lastValueFrom(of(1, 2))).toBe(2)
    expect(await firstValueFrom(EMPTY, { default: "none" })).toBe("none")
    await expect(lastValueFrom(EMPTY)).rejects.toBeInstanceOf(EmptyObservableError)
  })

  it("subscribe synchronously: a hot value right after the call is not missed", async () => {
    const subj = new Subject<number>()
    const p = firstValueFrom(subj)
    subj.next(1)
    expect(await p).toBe(1)
  })

  it("abort unsubscribes and rejects with Interrupted carrying the reason", async () => {
    const subj = new Subject<number>()
    const ac = new AbortController()
    const p = firstValueFrom(subj, { signal: ac.signal })
    expect(subj.observed).toBe(true)
    ac.abort("user left")
    expect(subj.observed).toBe(false)
    const e = await p.catch((x: unknown) => x)
    expect(e).toBeInstanceOf(Interrupted)
    expect((e as Interrupted).reason).toBe("user left")
  })

  it("an already aborted signal rejects without subscribing", async () => {
    let subscribed = false
    const ac = new AbortController()
    ac.abort()
    const p = lastValueFrom(
      defer(() => ((subscribed = true), of(1))),
      { signal: ac.signal },
    )
    await expect(p).rejects.toBeInstanceOf(Interrupted)
    expect(subscribed).toBe(false)
  })

  it("removes its abort listener once settled", async () => {
    const ac = new AbortController()
    let added = 0
    let removed = 0
    const signal = ac.signal
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove
    expect(await lastValueFrom(timer(1), { signal })).toBe(0)
    expect([added, removed]).toEqual([1, 1])
  })
})

describe("round trips keep values, errors and completion", () => {
  const ts = () => new TestScheduler((a, b) => expect(a).toEqual(b))

  it("Observable → Future → Observable: value", () => {
    const s = ts()
    s.run(({ cold, expectObservable }) => {
      const src = cold("--a--b--|", { a: 1, b: 2 })
      expectObservable(toObservable(() => fromObservable(src), { scheduler: s })).toBe("--------(b|)", { b: 2 })
      expectObservable(toObservable(() => fromObservable(src, { mode: "first" }), { scheduler: s })).toBe("--(a|)", {
        a: 1,
      })
    })
  })

  it("Observable → Future → Observable: error", () => {
    const s = ts()
    const boom = new Error("boom")
    s.run(({ cold, expectObservable }) => {
      expectObservable(toObservable(() => fromObservable(cold("--#", undefined, boom)), { scheduler: s })).toBe(
        "--#",
        undefined,
        boom,
      )
    })
  })

  it("Observable → Future → Observable: empty completion with a default, and toArray of nothing", () => {
    const s = ts()
    s.run(({ cold, expectObservable }) => {
      expectObservable(toObservable(() => fromObservable(cold("---|"), { default: "d" }), { scheduler: s })).toBe(
        "---(d|)",
        { d: "d" },
      )
      expectObservable(toObservable(() => fromObservable(cold("---|"), { mode: "toArray" }), { scheduler: s })).toBe(
        "---(x|)",
        { x: [] },
      )
    })
  })

  it("Future → Observable → Future: success, failure and interrupted outcomes", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const boom = new Error("boom")
    const back = <T>(make: () => import("@pollable/core").Future<T, unknown>) =>
      ex.spawn(fromObservable(toObservable(make, { executor: ex, interrupted: "error" })))
    const ok = back(() => map(sleep(3), () => "v"))
    const failed = back(() =>
      gen(function* () {
        yield* sleep(1)
        throw boom
      }),
    )
    const interrupted = back(() =>
      gen(function* () {
        const child = ex.spawn(sleep(100))
        yield* sleep(2)
        child.cancel()
        return yield* fromObservable(toObservable(() => child, { executor: ex, interrupted: "error" }))
      }),
    )
    ex.runUntilStalled()
    clock.advance(5)
    expect(ok.outcome).toEqual({ _tag: "Success", value: "v" })
    expect(failed.outcome).toEqual({ _tag: "Failure", error: boom })
    expect(interrupted.outcome).toEqual({ _tag: "Interrupted" })
  })

  it("unsubscribing the outer Observable cancels through both bridges", () => {
    const s = ts()
    let innerCancelled = 0
    s.run(({ expectObservable, flush }) => {
      const ex = new RxjsExecutor(s)
      const innermost = toObservable(() => map(sleep(50), () => 1), { executor: ex }).pipe(
        finalize(() => innerCancelled++),
      )
      const outer = toObservable(() => fromObservable(innermost), { executor: ex })
      expectObservable(outer, "^---!").toBe("----")
      flush()
      expect(innerCancelled).toBe(1)
      expect((ex.timer as import("@pollable/core").TimerQueue).size).toBe(0)
    })
  })
})
