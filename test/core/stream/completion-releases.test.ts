import { describe, expect, it } from "vitest"
import { buffered, sleep, stream } from "@pollable/core"
import { contextOf, ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { Source } from "./stream-helpers.js"

describe("completion releases what the stream started (rule 4)", () => {
  it("buffered: a failing source cancels the futures in flight (no timer left)", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const src = new Source<number>()
    const s = buffered(
      stream.map(src, (ms) => sleep(ms)),
      2,
    )
    src.push(10)
    const h = ex.spawn(s.next())
    ex.runUntilStalled()
    expect(clock.pendingTimers).toBe(1)
    src.fail(new Error("boom"))
    ex.runUntilStalled()
    expect(h.outcome).toMatchObject({ _tag: "Failure" })
    expect(clock.pendingTimers).toBe(0)
  })

  for (const [name, make] of [
    [
      "map",
      (s: Source<number>) =>
        stream.map(s, () => {
          throw new Error("f")
        }),
    ],
    [
      "filter",
      (s: Source<number>) =>
        stream.filter(s, () => {
          throw new Error("f")
        }),
    ],
    [
      "scan",
      (s: Source<number>) =>
        stream.scan(s, 0, () => {
          throw new Error("f")
        }),
    ],
  ] as const) {
    it(`${name}: a throw of the callback fails the stream and cancels the source`, () => {
      const src = new Source<number>()
      const s = make(src)
      src.push(1)
      expect(() => s.pollNext(contextOf())).toThrow("f")
      expect(s.terminated).toBe(true)
      expect(src.cancels).toBe(1)
    })
  }
})
