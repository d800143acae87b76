// retry / repeat / interval policies on RxJS's TestScheduler: the delays are virtual frames.
import { describe, expect, it } from "vitest"
import { TestScheduler } from "rxjs/testing"
import { Schedule, gen, map, repeat, retry, sleep, stream } from "@pollable/core"
import { streamToObservable, toObservable } from "@pollable/adapter-rxjs"

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
class Flaky extends Error {}

describe("retry and repeat under TestScheduler.run", () => {
  it("retry waits the schedule's delays in virtual frames: 1 + 10 + 1 + 20 + 1 = 33ms", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      const make = () => {
        let n = 0
        return () =>
          gen(function* () {
            yield* sleep(1)
            if (++n < 3) throw new Flaky()
            return "ok"
          })
      }
      expectObservable(toObservable(() => retry(make(), Schedule.exponential(10)), { scheduler: ts })).toBe(
        "33ms (a|)",
        { a: "ok" },
      )
    })
  })
  it("retry gives up with the last error when the schedule stops", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      const err = new Flaky()
      const always = () =>
        gen(function* () {
          yield* sleep(1)
          throw err
        })
      expectObservable(toObservable(() => retry(always, Schedule.fixed(5).maxAttempts(2)), { scheduler: ts })).toBe(
        "7ms #",
        undefined,
        err,
      )
    })
  })
  it("repeat runs again after each delay and ends with the last value", () => {
    const ts = newScheduler()
    ts.run(({ expectObservable }) => {
      let n = 0
      expectObservable(
        toObservable(() => repeat(() => map(sleep(2), () => ++n), Schedule.fixed(3).maxAttempts(3)), { scheduler: ts }),
      ).toBe("12ms (a|)", { a: 3 })
    })
  })
  it("interval with missedTick: burst catches up in one frame after a slow consumer", () => {
    const ts = newScheduler()
    const seen: [number, number][] = []
    ts.run(({ flush }) => {
      const slow = stream.andThen(stream.take(stream.interval(5, { missedTick: "burst" }), 4), (t) =>
        map(sleep(t === 0 ? 12 : 0), () => t),
      )
      streamToObservable(() => slow, { scheduler: ts }).subscribe((t) => seen.push([ts.now(), t]))
      flush()
    })
    // ticks due at 5, 10, 15, 20; the first is held until 17, then 1 and 2 come at once
    expect(seen).toEqual([
      [17, 0],
      [17, 1],
      [17, 2],
      [20, 3],
    ])
  })
})
