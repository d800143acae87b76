/**
 * stdin() is process-wide: every call must not add another set of listeners to
 * process.stdin (a loop calling stdin() hit MaxListenersExceededWarning and kept every
 * wrapper alive), and the bytes one lines(stdin()) buffered must not be lost to the next.
 * A PassThrough stands in for process.stdin (the getter is spied), so the counts are real.
 */
import { afterEach, describe, expect, it, vi } from "vitest"
import { gen, lines } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { stdin } from "@pollable/adapter-native/io"
import { fakeStdin } from "./fake-stdin.js"

const EVENTS = ["readable", "end", "error", "close", "drain", "data"] as const
const counts = (e: NodeJS.EventEmitter) => EVENTS.map((n) => e.listenerCount(n))

afterEach(() => {
  vi.restoreAllMocks()
})

describe("stdin(): one fd per process", () => {
  it("stdin() called in a loop adds one set of listeners, not one per call, and never warns", () => {
    const pt = fakeStdin()
    const before = counts(pt)
    const warnings: Error[] = []
    const onWarning = (w: Error) => warnings.push(w)
    process.on("warning", onWarning)
    try {
      const first = stdin()
      const once = counts(pt)
      for (let i = 0; i < 50; i++) expect(stdin()).toBe(first)
      expect(counts(pt)).toEqual(once)
      expect(pt.listenerCount("readable")).toBe(before[0]! + 1)
    } finally {
      process.off("warning", onWarning)
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([])
  })

  it("lines read through separate stdin() calls continue where the last one stopped", () => {
    const pt = fakeStdin()
    pt.write("one\ntwo\nthree\n") // one chunk: the first lines() keeps "two\nthree\n" in the fd
    const ex = new ManualExecutor()
    const got = ex.blockOn(
      gen(function* () {
        const out: unknown[] = []
        for (let i = 0; i < 3; i++) out.push(yield* lines(stdin()).next())
        return out
      }),
    )
    expect(got).toEqual(["one", "two", "three"])
  })

  it("the stdin fd is read-only: it does not take the stand-in's write side", () => {
    fakeStdin()
    expect(stdin().source.writable).toBeUndefined()
  })

  it("closing the stdin fd removes every listener it added", async () => {
    const pt = fakeStdin()
    const before = counts(pt)
    const closed = new Promise((r) => pt.once("close", r))
    stdin().close()
    await closed
    await new Promise((r) => setImmediate(r))
    expect(counts(pt)).toEqual(before)
  })
})
