/**
 * Rule 6 end to end: an outcome survives Promise → Future → Effect → Future → Observable →
 * Future, for success, typed failure and interruption — and cancelling the last future
 * travels back to the first Promise's AbortSignal.
 */
import { describe, expect, it } from "vitest"
import { Interrupted, settle, type Future, type Outcome } from "@pollable/core"
import { fromPromise, toPromise } from "@pollable/adapter-native"
import { fromObservable, toObservable } from "@pollable/adapter-rxjs"
import { EffectExecutor, fromEffect, toEffect } from "@pollable/adapter-effect"

class MyError extends Error {
  readonly _tag = "MyError"
}

/** Promise → Future → Effect → Future → Observable → Future. */
const chain = <T>(start: (signal: AbortSignal) => Promise<T>): Future<T, unknown> => {
  const f1 = () => fromPromise<T, MyError>(start) //            Promise → Future
  const e = toEffect(f1) //                                      Future → Effect
  const o = toObservable(() => fromEffect(e), { interrupted: "error" }) // Effect → Future → Observable
  return fromObservable(o) //                                    Observable → Future
}

const outcomeOf = <T>(f: Future<T, unknown>): Promise<Outcome<T, unknown>> => toPromise(settle(f))

describe("outcome chain Promise → Future → Effect → Future → Observable → Future", () => {
  it("success keeps its value", async () => {
    expect(await outcomeOf(chain(() => Promise.resolve(42)))).toEqual({ _tag: "Success", value: 42 })
  })

  it("typed failure keeps the very error object", async () => {
    const e = new MyError("lost?")
    const o = await outcomeOf(chain(() => Promise.reject(e)))
    expect(o._tag).toBe("Failure")
    expect((o as { error: unknown }).error).toBe(e)
  })

  it("interruption stays interruption", async () => {
    const o = await outcomeOf(chain(() => Promise.reject(new Interrupted("the first promise"))))
    expect(o).toEqual({ _tag: "Interrupted" })
  })

  it("the same chain on an EffectExecutor, awaited as a Promise", async () => {
    const h = new EffectExecutor().spawn(chain(() => Promise.resolve("via effect")))
    expect(await h).toBe("via effect")
  })

  it("cancelling the last future aborts the first promise's signal", async () => {
    let aborted: unknown
    let started = false
    const f = chain(
      (signal) =>
        new Promise<number>((_, reject) => {
          started = true
          signal.addEventListener("abort", () => {
            aborted = signal.reason
            reject(signal.reason)
          })
        }),
    )
    const h = new EffectExecutor().spawn(f)
    for (let i = 0; i < 50 && !started; i++) await new Promise((r) => setTimeout(r, 0))
    expect(started).toBe(true)
    h.cancel()
    expect(h.outcome).toEqual({ _tag: "Interrupted" })
    expect(aborted).toBeInstanceOf(Interrupted)
  })
})
