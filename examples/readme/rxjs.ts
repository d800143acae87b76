// RxJS: a cold Observable out; unsubscribe cancels; any SchedulerLike drives the time.
import { toObservable } from "@pollable/adapter-rxjs"
import { TestScheduler } from "rxjs/testing"
import { fetchBoth, slowly } from "./library.js"

export function main(): string {
  const page$ = toObservable(() => fetchBoth(slowly("a", 10), slowly("b", 20)))
  void page$ // subscribe to run it on asapScheduler; each subscription runs it anew

  // Under TestScheduler the same library runs in virtual time: 20 ms + 100 ms = 120 ms.
  let marbles = ""
  const ts = new TestScheduler((actual, expected) => {
    marbles = JSON.stringify(actual) === JSON.stringify(expected) ? "ok" : "mismatch"
  })
  ts.run(({ expectObservable }) => {
    const virtual$ = toObservable(() => fetchBoth(slowly("a", 10), slowly("b", 20)), { scheduler: ts })
    expectObservable(virtual$).toBe("120ms (r|)", { r: "a+b" })
  })
  return marbles // "ok"
}
